# Following workers from another process: a worker's /logs stream and its runs rebuilt from the
# stream, and the fleet's worker list from the Task Registry.
target_sources(necrocode_remote PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/FleetWatch.h
  ${CMAKE_CURRENT_LIST_DIR}/FleetWatch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/FleetWorker.h
  ${CMAKE_CURRENT_LIST_DIR}/FleetWorker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogStreamClient.h
  ${CMAKE_CURRENT_LIST_DIR}/LogStreamClient.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RemoteRunTracker.h
  ${CMAKE_CURRENT_LIST_DIR}/RemoteRunTracker.cpp
)
