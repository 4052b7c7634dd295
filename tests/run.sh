#!/bin/sh
# The one test runner.  Every test program and script prints one line per
# check, "ok NAME" or "not ok NAME: why" ("ok NAME # SKIP why" when it
# could not run); this runs them all, echoes what failed and what was
# skipped, and ends with the closing line "N passed, N failed" (and
# ", N skipped" when some were).
# Usage: tests/run.sh BUILD_DIR
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
export MZ_BUILD=$(cd "$build" && pwd)
log=$(mktemp); trap 'rm -f "$log"' EXIT
for t in "$MZ_BUILD"/tests/unit_*; do
    [ -x "$t" ] || continue
    "$t" >>"$log" 2>&1 || echo "not ok $(basename "$t"): exited with status $?" >>"$log"
done
for t in "$MZ_BUILD"/tests/replay_*; do
    [ -x "$t" ] || continue
    kind=${t##*replay_}
    set -- "$here"/fuzz/regressions/"$kind"-*
    [ -e "$1" ] || continue
    "$t" "$@" >>"$log" 2>&1 || echo "not ok $(basename "$t"): exited with status $?" >>"$log"
done
# the scripts, two at a time (each has its own temporary folder), the
# biggest first; their lines are gathered in order afterwards
ls -S "$here"/e2e_*.sh | xargs -P 2 -I{} sh -c \
    'sh "$1" >"$2.$(basename "$1")" 2>&1 || echo "not ok $(basename "$1"): exited with status $?" >>"$2.$(basename "$1")"' _ {} "$log"
for t in "$here"/e2e_*.sh; do
    [ -f "$log.$(basename "$t")" ] && cat "$log.$(basename "$t")" >>"$log"
    rm -f "$log.$(basename "$t")"
done
grep -E '^not ok|ERROR: AddressSanitizer|runtime error:|^ok .*# SKIP' "$log"
# a check that could not run ("ok NAME # SKIP why") is counted apart
passed=$(grep '^ok ' "$log" | grep -vc '# SKIP')
skipped=$(grep -c '^ok .*# SKIP' "$log")
failed=$(grep -c -E '^not ok|ERROR: AddressSanitizer|runtime error:' "$log")
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
