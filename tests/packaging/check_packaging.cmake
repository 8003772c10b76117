# Validates the desktop integration files the way distributions do, and fails on any error or
# warning (cmake -DPACKAGING=<dir with linux/ systemd/ man/> -DPROGRAMS=<built programs;...>
# -DWORK=<scratch dir> -P check_packaging.cmake):
#   linux/*.desktop        desktop-file-validate
#   linux/*.metainfo.xml   appstreamcli validate --no-net
#   systemd/*.service.in   systemd-analyze verify --man=no (ExecStart pointed at PROGRAMS)
#   man/*.1                man --warnings
foreach(var PACKAGING PROGRAMS WORK)
  if(NOT ${var})
    message(FATAL_ERROR "usage: cmake -DPACKAGING=DIR -DPROGRAMS=FILES -DWORK=DIR -P check_packaging.cmake")
  endif()
endforeach()

set(problems "")

# Runs a validator; anything it says on stderr, or a non-zero exit, is a problem.
function(validate what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(STRIP "${err}" err)
  if(NOT rc EQUAL 0 OR err OR out MATCHES "(^|\n)[EW]: ")
    list(APPEND problems "${what} (exit ${rc}):\n${out}${err}")
  endif()
  set(problems ${problems} PARENT_SCOPE)
endfunction()

file(GLOB desktops ${PACKAGING}/linux/*.desktop)
file(GLOB metainfos ${PACKAGING}/linux/*.metainfo.xml)
file(GLOB units ${PACKAGING}/systemd/*.service.in)
file(GLOB pages ${PACKAGING}/man/*.1)
if(NOT desktops OR NOT metainfos OR NOT units OR NOT pages)
  message(FATAL_ERROR "${PACKAGING} lacks a desktop entry, metainfo, unit or man page")
endif()

foreach(file ${desktops})
  validate("desktop-file-validate ${file}" desktop-file-validate ${file})
endforeach()
foreach(file ${metainfos})
  validate("appstreamcli validate ${file}" appstreamcli validate --no-net --no-color ${file})
endforeach()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/bin)
foreach(program ${PROGRAMS}) # the units expect the programs side by side, as installed
  get_filename_component(name ${program} NAME)
  file(CREATE_LINK ${program} ${WORK}/bin/${name} SYMBOLIC)
endforeach()
set(NECROCODE_BINDIR ${WORK}/bin)
foreach(file ${units})
  get_filename_component(name ${file} NAME)
  string(REGEX REPLACE "\\.in$" "" name ${name})
  string(REPLACE "@.service" "@1.service" name ${name}) # a template is verified as an instance
  configure_file(${file} ${WORK}/${name} @ONLY)
  validate("systemd-analyze verify ${name}" systemd-analyze verify --man=no ${WORK}/${name})
endforeach()

foreach(file ${pages})
  validate("man --warnings ${file}" ${CMAKE_COMMAND} -E env LC_ALL=C.UTF-8 MANWIDTH=80
           man --warnings -E UTF-8 -l ${file})
endforeach()

if(problems)
  list(JOIN problems "\n" text)
  message(FATAL_ERROR "packaging files with problems:\n${text}")
endif()
message(STATUS "desktop entry, metainfo, units and man pages validate cleanly")
