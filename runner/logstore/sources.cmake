# The log store, its query and the parallel JSON Lines loader (DESIGN §3).
target_sources(necrocode_logstore PRIVATE
  # compact append-only storage
  ${CMAKE_CURRENT_LIST_DIR}/ChunkDirectory.h
  ${CMAKE_CURRENT_LIST_DIR}/LogTextBuffer.h
  ${CMAKE_CURRENT_LIST_DIR}/LogTextArena.h
  ${CMAKE_CURRENT_LIST_DIR}/LogTextArena.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Utf8Text.h
  ${CMAKE_CURRENT_LIST_DIR}/Utf8Text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/StringInterner.h
  ${CMAKE_CURRENT_LIST_DIR}/StringInterner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogExtraFields.h
  ${CMAKE_CURRENT_LIST_DIR}/LogExtraFields.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogStoreRow.h
  ${CMAKE_CURRENT_LIST_DIR}/LogStoreText.h
  ${CMAKE_CURRENT_LIST_DIR}/LogStoreBatch.h
  ${CMAKE_CURRENT_LIST_DIR}/LogStoreBatch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/StoredRunEvent.h
  ${CMAKE_CURRENT_LIST_DIR}/StoredRunEvent.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogFeed.h
  ${CMAKE_CURRENT_LIST_DIR}/LogFeed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogStore.h
  ${CMAKE_CURRENT_LIST_DIR}/LogStore.cpp
  # query
  ${CMAKE_CURRENT_LIST_DIR}/ByteSearch.h
  ${CMAKE_CURRENT_LIST_DIR}/ByteSearch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogQuery.h
  ${CMAKE_CURRENT_LIST_DIR}/LogMessageMatcher.h
  ${CMAKE_CURRENT_LIST_DIR}/LogMessageMatcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogQuery.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogQueryMatcher.h
  ${CMAKE_CURRENT_LIST_DIR}/LogQueryMatcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AnnouncedTask.h
  ${CMAKE_CURRENT_LIST_DIR}/LogQueryRunner.h
  ${CMAKE_CURRENT_LIST_DIR}/LogQueryRunner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogFilter.h
  ${CMAKE_CURRENT_LIST_DIR}/LogFilter.cpp
  # JSON Lines loading
  ${CMAKE_CURRENT_LIST_DIR}/LogTimestamp.h
  ${CMAKE_CURRENT_LIST_DIR}/LogTimestamp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JsonRawMember.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonRawMember.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JsonlLineParser.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonlLineParser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JsonlLoader.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonlLoader.cpp
  # streaming queries over files of any size (`necrocode-runner logs`)
  ${CMAKE_CURRENT_LIST_DIR}/LogLineSource.h
  ${CMAKE_CURRENT_LIST_DIR}/LogLineSource.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogLinePrefilter.h
  ${CMAKE_CURRENT_LIST_DIR}/LogLinePrefilter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogFieldsMatcher.h
  ${CMAKE_CURRENT_LIST_DIR}/LogFieldsMatcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogStreamScan.h
  ${CMAKE_CURRENT_LIST_DIR}/LogStreamScan.cpp
)
