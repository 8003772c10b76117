target_sources(necrocode_log PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/LogEntry.h
  ${CMAKE_CURRENT_LIST_DIR}/LogEntry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JsonLineFormatter.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonLineFormatter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JsonValueWriter.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonValueWriter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SecretMasker.h
  ${CMAKE_CURRENT_LIST_DIR}/SecretMasker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogContext.h
  ${CMAKE_CURRENT_LIST_DIR}/LogSink.h
  ${CMAKE_CURRENT_LIST_DIR}/StreamSink.h
  ${CMAKE_CURRENT_LIST_DIR}/StreamSink.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JsonlFileSink.h
  ${CMAKE_CURRENT_LIST_DIR}/JsonlFileSink.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogBatch.h
  ${CMAKE_CURRENT_LIST_DIR}/LogHub.h
  ${CMAKE_CURRENT_LIST_DIR}/LogHub.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LogDispatcher.h
  ${CMAKE_CURRENT_LIST_DIR}/LogDispatcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RunEventReport.h
  ${CMAKE_CURRENT_LIST_DIR}/RunEventReport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Logger.h
  ${CMAKE_CURRENT_LIST_DIR}/Logger.cpp
)

