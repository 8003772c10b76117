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
# - Qt's locks are invisible, so a hand-off that only they order looks like a race. Where the
#   product waits for a blocking queued call, core/ThreadHandOff.h tells ThreadSanitizer about
#   the data passed. The data a queued call carries in its functor is written inside Qt's
#   invokeMethod and cannot be annotated from outside, nor can a task on a QThreadPool. The
#   preset's filter leaves out the tests that depend on such hand-offs:
#   - QtConcurrent and QThreadPool tasks: test_log_query, test_log_filter, test_logs_command,
#     test_log_stream_scan;
#   - queued calls into a worker thread: test_log_feed and its users test_log_table_model and
#     test_log_panel, test_prompt_channel, test_console_executable (the console starts its
#     services through queued calls);
#   - the runner's worker threads in the `necrocode-runner serve` processes they start:
#     test_serve_workers, test_worker_attachment, test_fleet_follower, test_console_fleet,
#     test_tls, test_service_access.
#   The packaging and architecture tests run nothing multi-threaded of their own.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup-deps.sh"
cd "$here"
cmake --preset tsan >/dev/null
cmake --build --preset tsan
QT_QPA_PLATFORM=offscreen ctest --preset tsan "$@"
