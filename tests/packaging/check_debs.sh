#!/usr/bin/env bash
# The Debian packages as a user gets them: cpack builds necrocode-runner and necrocode-console
# from the build tree, lintian finds no error in them, dpkg installs them, and the installed
# programs work from /usr — the runner runs the demo task set on its embedded services, the
# console starts offscreen in Japanese, from the translation installed under /usr/share, and saves
# a screenshot. The packages are removed again.
# Needs root (dpkg); usage: check_debs.sh BUILD_DIR WORK_DIR
set -euo pipefail
build="$1"
work="$2"
if [[ $(id -u) -ne 0 ]]; then
  echo "check_debs.sh installs packages with dpkg and must run as root" >&2
  exit 1
fi
rm -rf "$work" && mkdir -p "$work/home"
cd "$work"
cpack --config "$build/CPackConfig.cmake" -D CPACK_PACKAGING_INSTALL_PREFIX=/usr > cpack.log
runner_deb=$(ls "$work"/necrocode-runner_*.deb)
console_deb=$(ls "$work"/necrocode-console_*.deb)

lintian --tag-display-limit 0 "$runner_deb" "$console_deb" > lintian.log 2>&1 || true
if grep -q '^E: ' lintian.log; then
  echo "lintian found errors:" >&2
  grep '^E: ' lintian.log >&2
  exit 1
fi

cleanup() { dpkg -r necrocode-console necrocode-runner > /dev/null 2>&1 || true; }
trap cleanup EXIT
dpkg -i "$runner_deb" "$console_deb" > dpkg.log
for file in /usr/bin/necrocode-runner /usr/bin/necrocode-services /usr/bin/necrocode-console \
            /usr/lib/systemd/system/necrocode-runner@.service \
            /usr/share/applications/dev.necrocode.RunnerConsole.desktop; do
  [[ -e $file ]] || { echo "the packages did not install $file" >&2; exit 1; }
done
grep -q '^ExecStart=/usr/bin/necrocode-runner serve ' /usr/lib/systemd/system/necrocode-runner@.service

# The demo set has two tasks that fail on purpose, so the run exits 1; 1.1 must complete.
HOME="$work/home" timeout 180 /usr/bin/necrocode-runner run --local --demo > run.jsonl 2>&1 || true
if ! grep -q '"message":"task 1.1 completed' run.jsonl; then
  echo "the installed runner did not complete task 1.1:" >&2
  tail -n 20 run.jsonl >&2
  exit 1
fi

HOME="$work/home" QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES="necrocode.i18n.info=true" \
  timeout 120 /usr/bin/necrocode-console --lang ja \
  --screenshot "$work/console-ja.png" --quit-after 8 > console.log 2>&1
[[ -s "$work/console-ja.png" ]] || { echo "the installed console saved no screenshot" >&2; exit 1; }
if ! grep -q 'console translation ja loaded from /usr/share/necrocode/translations/necrocode_ja.qm' \
     console.log; then
  echo "the installed console did not load its Japanese translation from /usr/share:" >&2
  grep -i translation console.log >&2 || true
  exit 1
fi
echo "packages install cleanly and their programs work from /usr"
