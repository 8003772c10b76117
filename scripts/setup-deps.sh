#!/usr/bin/env bash
# Installs what building, testing and running need: the Debian packages listed in
# packaging/debian-packages.txt that are missing, and the Kubernetes manifest validator's npm
# packages (pinned by packaging/kubernetes/validator/package-lock.json) into .deps/.
# Used by both quick-start commands (scripts/start.sh and scripts/test.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive

mapfile -t wanted < <(grep -v -e '^#' -e '^[[:space:]]*$' "$here/packaging/debian-packages.txt")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
# Debian's nodejs comes without npm; a Node.js that brings its own npm needs nothing more.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing Debian packages: ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

validator="$here/packaging/kubernetes/validator"
modules="$here/.deps/kubernetes-validator"
if ! cmp -s "$validator/package-lock.json" "$modules/package-lock.json" 2>/dev/null ||
   [ ! -d "$modules/node_modules/kubernetes-models" ]; then
  echo "Installing the Kubernetes manifest validator (npm ci) into $modules" >&2
  mkdir -p "$modules"
  cp "$validator/package.json" "$validator/package-lock.json" "$modules/"
  (cd "$modules" && npm ci --no-audit --no-fund --loglevel=error)
fi
