#!/usr/bin/env bash
# Quick-start command 2: installs what is missing, builds everything and runs the whole test suite.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup-deps.sh"
"$here/scripts/build.sh" default
cd "$here"
QT_QPA_PLATFORM=offscreen ctest --preset default
