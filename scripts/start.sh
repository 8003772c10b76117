#!/usr/bin/env bash
# Quick-start command 1: installs what is missing, builds everything and opens the console on the
# embedded local services with the demo task set ready to run. Extra arguments go to the console.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup-deps.sh"
"$here/scripts/build.sh" default
console="$here/build/default/app/console/necrocode-console"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running the headless demo instead (necrocode-runner run --local --demo)." >&2
  exec "$here/build/default/app/runner/necrocode-runner" run --local --demo "$@"
fi
exec "$console" "$@"
