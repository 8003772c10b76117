#!/usr/bin/env bash
# Builds the `tsan` preset (ThreadSanitizer) and runs the test suite on it; a reported data race,
# lock-order inversion or thread leak stops its test and fails this script. Extra arguments go
# to ctest (e.g. -R test_log_hub).
#
# Qt from Debian is not built with ThreadSanitizer, which changes what can be checked:
# - ignore_noninstrumented_modules=1 (in the preset's TSAN_OPTIONS): what Qt's and GLib's own
#   code does through the C library (its locks, its frees, its event file descriptors) is not
#   tracked. Otherwise every QtTest watchdog and every GLib wake-up is reported as a race.
# - Qt's locks are invisible, so a hand-off that only they order looks like a race. The product
#   announces its own hand-offs through Qt (queued calls, QtConcurrent tasks and their results)
#   with core/ThreadHandOff.h, and its runners' reports with core/AnnouncedConnection.h
#   (test_tsan_signal_handoff); tests/tsan.supp suppresses only races inside Qt's own code (its
#   templates, and the copies it makes of a queued signal's arguments).
# - QProcess starts children with a vfork-like clone(), on which ThreadSanitizer's interceptor
#   would turn off race detection for the starting thread; the preset links
#   cmake/sanitizers/TsanVforkClone.cpp into every program to keep it on, and
#   test_tsan_process_start checks that it does.
# - history_size=7 (the most): a queued signal's argument is copied inside Qt, and the
#   suppression for that hand-off matches only when ThreadSanitizer can still restore the copy's
#   stack; with less history a busy thread outran it (runner reports, before they were announced).
# - Left out by the preset's filter: the packaging and architecture checks, which run nothing
#   multi-threaded of their own.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup-deps.sh"
cd "$here"
cmake --preset tsan >/dev/null
cmake --build --preset tsan
QT_QPA_PLATFORM=offscreen ctest --preset tsan "$@"
