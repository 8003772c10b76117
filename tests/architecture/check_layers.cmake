# Reads every #include of the engine, the services and the console's models and fails when one
# points up the layers (cmake -DROOT=<source dir> -P check_layers.cmake):
#   runner:  core <- log <- metrics <- net <- workspace <- engine <- host,
#            net <- health <- host, core <- tls <- net, log <- logstore, engine <- remote;
#            no widgets
#   services: the engine's core, log, tls and workspace layers only
#   ui: item models (*Model), data objects (*Log) and charts/data include no widget headers
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source dir> -P check_layers.cmake")
endif()

set(allowed_core core)
set(allowed_log core log)
set(allowed_logstore core log logstore)
set(allowed_metrics core log metrics)
set(allowed_tls core tls)
set(allowed_net core log metrics tls net)
set(allowed_workspace core log workspace)
set(allowed_health core log metrics tls net health)
set(allowed_engine core log metrics tls net workspace engine)
set(allowed_host core log metrics tls net workspace health engine host)
set(allowed_remote core log metrics tls net workspace engine remote)
set(runner_layers core log logstore metrics tls net workspace health engine host remote)

set(violations "")

# Adds to `violations` every include of a layer named in `forbidden` found in `files`.
function(check_files files forbidden what)
  foreach(file ${files})
    file(STRINGS ${file} includes REGEX "^#include [\"<]")
    foreach(line ${includes})
      foreach(layer ${forbidden})
        if(line MATCHES "^#include \"${layer}/")
          file(RELATIVE_PATH shown ${ROOT} ${file})
          list(APPEND violations "${shown}: ${line} (${what})")
        endif()
      endforeach()
      if(what MATCHES "^runner" AND line MATCHES "^#include <(QtWidgets|QWidget|QApplication|QMainWindow|QDialog)")
        file(RELATIVE_PATH shown ${ROOT} ${file})
        list(APPEND violations "${shown}: ${line} (the engine uses no widgets)")
      endif()
    endforeach()
  endforeach()
  set(violations ${violations} PARENT_SCOPE)
endfunction()

foreach(layer ${runner_layers})
  file(GLOB files ${ROOT}/runner/${layer}/*.h ${ROOT}/runner/${layer}/*.cpp)
  set(forbidden ${runner_layers})
  list(REMOVE_ITEM forbidden ${allowed_${layer}})
  check_files("${files}" "${forbidden}" "runner/${layer} may include ${allowed_${layer}}")
endforeach()

file(GLOB_RECURSE files ${ROOT}/services/*.h ${ROOT}/services/*.cpp)
check_files("${files}" "metrics;net;health;engine" "services may include core, log, tls, workspace")

# The console's item models and the charts' data series hold no widgets.
file(GLOB_RECURSE files ${ROOT}/ui/*Model.h ${ROOT}/ui/*Model.cpp ${ROOT}/ui/*Log.h
     ${ROOT}/ui/*Log.cpp ${ROOT}/ui/charts/data/*.h ${ROOT}/ui/charts/data/*.cpp)
set(widget_headers "QtWidgets|QtCharts|QWidget|QAbstractItemView|QTableView|QTreeView|QLabel|")
string(APPEND widget_headers "QPushButton|QToolButton|QDialog|QMainWindow|QApplication|QStyle|")
string(APPEND widget_headers "QChart|QChartView|QLineSeries|QScatterSeries|QValueAxis")
foreach(file ${files})
  file(STRINGS ${file} includes REGEX "^#include <(${widget_headers})[>.]")
  foreach(line ${includes})
    file(RELATIVE_PATH shown ${ROOT} ${file})
    list(APPEND violations "${shown}: ${line} (models and chart data hold no widgets)")
  endforeach()
endforeach()

if(violations)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "includes against the layers:\n  ${text}")
endif()
message(STATUS "every include follows the layers")
