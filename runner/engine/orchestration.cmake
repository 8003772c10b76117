target_sources(necrocode_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/RunEventFold.h
  ${CMAKE_CURRENT_LIST_DIR}/RunEventFold.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RunEventRelay.h
  ${CMAKE_CURRENT_LIST_DIR}/RunEventRelay.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RunSnapshot.h
  ${CMAKE_CURRENT_LIST_DIR}/RunSnapshot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LlmExchange.h
  ${CMAKE_CURRENT_LIST_DIR}/LlmExchange.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PromptBuilder.h
  ${CMAKE_CURRENT_LIST_DIR}/PromptBuilder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RunLogRecorder.h
  ${CMAKE_CURRENT_LIST_DIR}/RunLogRecorder.cpp
)
target_sources(necrocode_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ArtifactUploader.h
  ${CMAKE_CURRENT_LIST_DIR}/ArtifactUploader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AgentRunner.h
  ${CMAKE_CURRENT_LIST_DIR}/AgentRunner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RunnerPool.h
  ${CMAKE_CURRENT_LIST_DIR}/RunnerPool.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ReportOutbox.h
  ${CMAKE_CURRENT_LIST_DIR}/ReportOutbox.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PromptChannel.h
  ${CMAKE_CURRENT_LIST_DIR}/PromptChannel.cpp
)
target_sources(necrocode_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/TaskFeeder.h
  ${CMAKE_CURRENT_LIST_DIR}/TaskFeeder.cpp
)
