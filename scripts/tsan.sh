#!/usr/bin/env bash
# Builds the `tsan` preset (ThreadSanitizer) and runs the test suite on it; a reported data race,
# lock-order inversion or thread leak stops its test and fails this script. Extra arguments go
# to ctest (e.g. -R test_log_hub).
#
# Qt from Debian is not built with ThreadSanitizer, which changes what can be checked:
# - ignore_noninstrumented_modules=1 (in the preset's TSAN_OPTIONS): what Qt's and GLib's own
#   code does through the C library (its locks, its frees, its event file descriptors) is not
#   tracked. Otherwise every QtTest watchdog and every GLib wake-up is reported as a race.
# - die_after_fork=0: QProcess forks a threaded process and the child only calls exec.
# - Qt's locks are invisible, so a hand-off that only they order looks like a race. The product
#   announces its own hand-offs through Qt (queued calls, QtConcurrent tasks and their results)
#   with core/ThreadHandOff.h; tests/tsan.supp suppresses only races inside Qt's own templates.
# - Left out by the preset's filter: the tests that start `necrocode-runner serve` worker
#   processes (test_serve_workers, test_worker_attachment, test_console_fleet, test_tls,
#   test_service_access). Such a worker reports a race between LogHub::post on a runner thread
#   and LogHub::lastSequence on the main thread while it answers GET /logs, although both hold
#   the hub's mutex; until that is understood the worker would stop at it. The packaging and architecture checks run
#   nothing multi-threaded of their own.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup-deps.sh"
cd "$here"
cmake --preset tsan >/dev/null
cmake --build --preset tsan
QT_QPA_PLATFORM=offscreen ctest --preset tsan "$@"
