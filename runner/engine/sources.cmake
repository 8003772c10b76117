# The engine's process-facing parts: test detection, the test runner and playbooks (YAML).
pkg_check_modules(YAMLCPP REQUIRED IMPORTED_TARGET yaml-cpp)
target_link_libraries(necrocode_engine PRIVATE PkgConfig::YAMLCPP)

target_sources(necrocode_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/LlmAnswerParser.h
  ${CMAKE_CURRENT_LIST_DIR}/LlmAnswerParser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TestCommandDetector.h
  ${CMAKE_CURRENT_LIST_DIR}/TestCommandDetector.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookVariables.h
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookVariables.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookCondition.h
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookCondition.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Playbook.h
  ${CMAKE_CURRENT_LIST_DIR}/Playbook.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookLoader.h
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookLoader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookReport.h
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookReport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookRunner.h
  ${CMAKE_CURRENT_LIST_DIR}/PlaybookRunner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TestRunner.h
  ${CMAKE_CURRENT_LIST_DIR}/TestRunner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SandboxSettings.h
  ${CMAKE_CURRENT_LIST_DIR}/SandboxSettings.cpp
)

qt_add_resources(necrocode_engine "playbooks"
  PREFIX "/"
  BASE ${CMAKE_SOURCE_DIR}/resources
  FILES ${CMAKE_SOURCE_DIR}/resources/playbooks/default.yaml)
