target_sources(
    necrocode_runner PRIVATE ${CMAKE_CURRENT_LIST_DIR} /
    ErrorClassifier.h ${CMAKE_CURRENT_LIST_DIR} / ErrorClassifier.cpp ${CMAKE_CURRENT_LIST_DIR} /
    RetryPolicy.h ${CMAKE_CURRENT_LIST_DIR} / RetryPolicy.cpp ${CMAKE_CURRENT_LIST_DIR} /
    CodeChange.h ${CMAKE_CURRENT_LIST_DIR} / LlmAnswerParser.h ${CMAKE_CURRENT_LIST_DIR} /
    LlmAnswerParser.cpp ${CMAKE_CURRENT_LIST_DIR} / HttpTypes.h ${CMAKE_CURRENT_LIST_DIR} /
    HttpTypes.cpp ${CMAKE_CURRENT_LIST_DIR} / HttpCall.h ${CMAKE_CURRENT_LIST_DIR} /
    HttpCall.cpp ${CMAKE_CURRENT_LIST_DIR} / HttpClient.h ${CMAKE_CURRENT_LIST_DIR} /
    HttpClient.cpp ${CMAKE_CURRENT_LIST_DIR} / ServiceClient.h ${CMAKE_CURRENT_LIST_DIR} /
    ServiceClient.cpp ${CMAKE_CURRENT_LIST_DIR} / TaskRegistryClient.h ${CMAKE_CURRENT_LIST_DIR} /
    TaskRegistryClient.cpp ${CMAKE_CURRENT_LIST_DIR} / RepoPoolClient.h ${CMAKE_CURRENT_LIST_DIR} /
    RepoPoolClient.cpp ${CMAKE_CURRENT_LIST_DIR} / ArtifactStoreClient.h ${CMAKE_CURRENT_LIST_DIR} /
    ArtifactStoreClient.cpp ${CMAKE_CURRENT_LIST_DIR} / SseParser.h ${CMAKE_CURRENT_LIST_DIR} /
    SseParser.cpp ${CMAKE_CURRENT_LIST_DIR} / LlmClient.h ${CMAKE_CURRENT_LIST_DIR} / LlmClient.cpp)
