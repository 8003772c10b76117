# Following a worker from another process: its /logs stream, and its runs rebuilt from the stream.
target_sources(necrocode_remote PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/LogStreamClient.h
  ${CMAKE_CURRENT_LIST_DIR}/LogStreamClient.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RemoteRunTracker.h
  ${CMAKE_CURRENT_LIST_DIR}/RemoteRunTracker.cpp
)
