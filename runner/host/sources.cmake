target_sources(necrocode_host PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/EngineHost.h
  ${CMAKE_CURRENT_LIST_DIR}/EngineHost.cpp
  ${CMAKE_CURRENT_LIST_DIR}/WorkerHeartbeat.h
  ${CMAKE_CURRENT_LIST_DIR}/WorkerHeartbeat.cpp
)
