target_sources(necrocode_tls PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/TlsFiles.h
  ${CMAKE_CURRENT_LIST_DIR}/TlsFiles.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TlsTcpServer.h
  ${CMAKE_CURRENT_LIST_DIR}/TlsTcpServer.cpp
)
