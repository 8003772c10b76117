target_sources(necrocode_runner PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/Result.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonFields.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonFields.cpp
)
