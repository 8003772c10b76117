#!/usr/bin/env bash
# Builds the Debian packages necrocode-runner and necrocode-console from the default build into
# build/packages/ (installed for /usr), after installing what is missing and building.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup-deps.sh"
"$here/scripts/build.sh" default
mkdir -p "$here/build/packages"
cd "$here/build/packages"
cpack --config "$here/build/default/CPackConfig.cmake" -D CPACK_PACKAGING_INSTALL_PREFIX=/usr
ls -1 "$here"/build/packages/*.deb
