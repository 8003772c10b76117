# Installs the build tree into a scratch prefix (cmake --install) and checks that everything a
# distribution expects is where GNUInstallDirs puts it, the units naming the installed programs
# (cmake -DBUILD=<build dir> -DPREFIX=<scratch dir> -P check_install.cmake).
if(NOT BUILD OR NOT PREFIX)
  message(FATAL_ERROR "usage: cmake -DBUILD=DIR -DPREFIX=DIR -P check_install.cmake")
endif()
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX}
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${err}")
endif()
set(id dev.necrocode.RunnerConsole)
set(expected
  bin/necrocode-console bin/necrocode-runner bin/necrocode-services
  share/applications/${id}.desktop share/metainfo/${id}.metainfo.xml
  share/icons/hicolor/scalable/apps/${id}.svg
  share/man/man1/necrocode-console.1.gz share/man/man1/necrocode-runner.1.gz
  share/man/man1/necrocode-services.1.gz
  share/necrocode/translations/necrocode_ja.qm share/necrocode/translations/necrocode_en.qm
  lib/systemd/system/necrocode-services.service lib/systemd/system/necrocode-runner@.service)
foreach(size 16 24 32 48 64 128 256)
  list(APPEND expected share/icons/hicolor/${size}x${size}/apps/${id}.png)
endforeach()
set(missing "")
foreach(file ${expected})
  if(NOT EXISTS ${PREFIX}/${file})
    list(APPEND missing ${file})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "not installed: ${missing}")
endif()
# The units name the programs where this installation put them.
file(STRINGS ${PREFIX}/lib/systemd/system/necrocode-runner@.service exec REGEX "^ExecStart=")
if(NOT exec MATCHES "^ExecStart=${PREFIX}/bin/necrocode-runner serve ")
  message(FATAL_ERROR "the worker unit starts '${exec}', not ${PREFIX}/bin/necrocode-runner")
endif()
message(STATUS "installed tree complete")
