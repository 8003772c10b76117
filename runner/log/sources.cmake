target_sources(necrocode_runner PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/LogLevel.h
  ${CMAKE_CURRENT_LIST_DIR}/LogLevel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogEntry.h
  ${CMAKE_CURRENT_LIST_DIR}/LogEntry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JsonLineFormatter.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonLineFormatter.cpp
)
