# Warnings for every target of the project: -Wall -Wextra, and the build stays clean.
add_library(necro_warnings INTERFACE)
target_compile_options(necro_warnings INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(necro_warnings INTERFACE
  QT_NO_KEYWORDS
  QT_USE_QSTRINGBUILDER)
