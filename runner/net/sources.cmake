target_sources(necrocode_runner PRIVATE ${CMAKE_CURRENT_LIST_DIR} /
               ErrorClassifier.h ${CMAKE_CURRENT_LIST_DIR} /
               ErrorClassifier.cpp ${CMAKE_CURRENT_LIST_DIR} /
               RetryPolicy.h ${CMAKE_CURRENT_LIST_DIR} / RetryPolicy.cpp ${CMAKE_CURRENT_LIST_DIR} /
               CodeChange.h ${CMAKE_CURRENT_LIST_DIR} /
               LlmAnswerParser.h ${CMAKE_CURRENT_LIST_DIR} / LlmAnswerParser.cpp)
