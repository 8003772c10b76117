#!/usr/bin/env bash
# Builds the `asan` preset (AddressSanitizer + UndefinedBehaviorSanitizer, LeakSanitizer on) and
# runs the whole test suite on it; any finding fails a test and so this script.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup-deps.sh"
cd "$here"
cmake --preset asan >/dev/null
cmake --build --preset asan
QT_QPA_PLATFORM=offscreen ctest --preset asan
