#!/usr/bin/env bash
# Static analysis of the product's sources (runner/, services/, ui/, app/): clang-tidy with the
# checks in .clang-tidy, then clazy's Qt-aware checks (level 1 and the ones listed below). Any
# warning fails the run. Needs the default build for compile_commands.json and the moc output.
# Usage: scripts/lint.sh [FILE...]   (default: every product source in the build)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup-deps.sh"
"$here/scripts/build.sh" default >/dev/null
cd "$here"
database=build/default
jobs="$(nproc)"

if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(python3 - "$database/compile_commands.json" "$here" <<'PY'
import json, sys
root = sys.argv[2] + "/"
for entry in json.load(open(sys.argv[1])):
    path = entry["file"]
    relative = path[len(root):] if path.startswith(root) else path
    if relative.split("/")[0] in ("runner", "services", "ui", "app") and "_autogen" not in path:
        print(relative)
PY
  )
fi
echo "lint: ${#files[@]} files on $jobs cores" >&2

start=$SECONDS
# run-clang-tidy reads .clang-tidy; WarningsAsErrors there makes any finding fail the file.
# It colours its output whatever the terminal; the colours are taken out of the log.
run-clang-tidy -quiet -j "$jobs" -p "$database" "${files[@]}" 2>&1 |
  sed 's/\x1b\[[0-9;]*m//g' >build/clang-tidy.log || true
if grep -q -E "^/.*(warning|error):" build/clang-tidy.log; then
  grep -E "^/.*(warning|error):" build/clang-tidy.log | sort -u >&2
  echo "lint: clang-tidy found the problems above (whole output: build/clang-tidy.log)" >&2
  exit 1
fi
echo "lint: clang-tidy clean ($((SECONDS - start)) s)" >&2

# level1 holds level0; the additions are level-2 checks without false positives here. Left out:
# non-pod-global-static, which flags every `inline const QString` constant (error classes, JSON
# keys): those are built from QStringLiteral data at start, depend on nothing in another file,
# and the programs are not plugins loaded at run time, where the check's cost concern applies.
# -Wno-unknown-warning-option: the compile commands are GCC's.
checks="level1,no-non-pod-global-static,container-inside-loop,qstring-allocations,old-style-connect"
start=$SECONDS
printf '%s\n' "${files[@]}" |
  xargs -P "$jobs" -n 8 clazy-standalone -p "$database" --checks="$checks" \
    --header-filter="$here/(runner|services|ui|app)/" --ignore-dirs="/build/" \
    --extra-arg=-Wno-unknown-warning-option >build/clazy.log 2>&1 || true
if grep -q -E "(warning|error):" build/clazy.log; then
  grep -E "(warning|error):" build/clazy.log | sort -u >&2
  echo "lint: clazy found the problems above (whole output: build/clazy.log)" >&2
  exit 1
fi
echo "lint: clazy clean ($((SECONDS - start)) s)" >&2
