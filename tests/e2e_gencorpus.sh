#!/bin/sh
# bench/gencorpus.py, the scale corpus of make bench: new text, not copies.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
G="$here/../bench/gencorpus.py"
src="$here/sample"
python3 "$G" --scale 3 --seed 7 --out "$tmp/g1" "$src" >"$tmp/out1" || no gencorpus-runs "$(cat "$tmp/out1")"
python3 "$G" --scale 3 --seed 7 --out "$tmp/g2" "$src" >/dev/null
files=$(find "$tmp/g1" -name '*.md' | wc -l)
docs=$(sed -n 's/.* from \([0-9]*\) source documents$/\1/p' "$tmp/out1")
check gencorpus-scale-files "$files generated from ${docs:-?}" [ "$files" = $((${docs:-0} * 3)) -a "$files" -gt 0 ]
check gencorpus-same-seed-same-text "" diff -r "$tmp/g1" "$tmp/g2"
# paragraphs: none copied from the source (as text lines), none twice
find "$src" -name '*.md' -o -name '*.txt' | xargs cat 2>/dev/null | tr -d '\r' | sed 's/^ *//; s/ *$//' | grep -av '^$' | sort -u >"$tmp/src"
find "$tmp/g1" -name '*.md' | xargs cat | grep -v '^#' | grep -v '^$' | sed 's/^第[零一二三四五六七八九十百]*条 //' >"$tmp/gen"
copied=$(sort -u "$tmp/gen" | comm -12 - "$tmp/src" | wc -l)
check gencorpus-no-source-paragraph "$copied copied" [ "$copied" = 0 ]
twice=$(sort "$tmp/gen" | uniq -d | wc -l)
check gencorpus-no-paragraph-twice "$twice repeated" [ "$twice" = 0 ]
# and mzindex reads it: the year folders, a heading per file
"$M" --index "$tmp/idx" -q "$tmp/g1"; rc=$?
n=$("$M" --index "$tmp/idx" --status --json | jq .files)
check gencorpus-indexable "rc=$rc files=$n" [ "$rc.$n" = "0.$files" ]
