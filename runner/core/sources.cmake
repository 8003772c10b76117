target_sources(necrocode_runner PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/Result.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonFields.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonFields.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TaskContext.h
  ${CMAKE_CURRENT_LIST_DIR}/TaskContext.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RunnerState.h
  ${CMAKE_CURRENT_LIST_DIR}/RunnerState.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RunResults.h
  ${CMAKE_CURRENT_LIST_DIR}/RunResults.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RunnerConfig.h
  ${CMAKE_CURRENT_LIST_DIR}/RunnerConfig.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ConfigLoader.h
  ${CMAKE_CURRENT_LIST_DIR}/ConfigLoader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ProcessSignals.h
  ${CMAKE_CURRENT_LIST_DIR}/ProcessSignals.cpp
)
