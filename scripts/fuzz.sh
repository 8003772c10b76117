#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` CMake preset: clang with ASan and UBSan) and runs each
# for SECONDS (default 30) on its seed corpus tests/fuzz/corpus/<name>, with its dictionary
# where there is one. New inputs go to build/fuzz/corpus/<name>, not into the repository;
# a crash, leak or hang leaves its input in build/fuzz/findings/<name> and fails the script.
# Prints the coverage (edges) each target reached.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
cd "$here"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

status=0
for seeds in tests/fuzz/corpus/*/; do
  name="$(basename "$seeds")"
  target="build/fuzz/tests/fuzz/fuzz_$name"
  work="build/fuzz/corpus/$name"
  findings="build/fuzz/findings/$name"
  mkdir -p "$work" "$findings"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$findings/")
  [ -f "tests/fuzz/$name.dict" ] && options+=(-dict="tests/fuzz/$name.dict")
  log="build/fuzz/$name.log"
  echo "fuzz_$name: ${seconds} s" >&2
  if "$target" "${options[@]}" "$work" "$seeds" >"$log" 2>&1; then
    edges="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
    runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | cut -d' ' -f2)"
    echo "fuzz_$name: no finding; ${runs:-?} runs, ${edges:-?} edges covered" >&2
  else
    echo "fuzz_$name: FINDING (inputs in $findings, log in $log):" >&2
    grep -m 5 -E 'ERROR|SUMMARY|abort|prefilter|LogLineSource' "$log" >&2 || tail -20 "$log" >&2
    status=1
  fi
done
exit "$status"
