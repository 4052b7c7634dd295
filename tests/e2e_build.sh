#!/bin/sh
# e2e_build.sh — the full build as a user meets it: what each passage costs
# on disk (the compact records of layout 4), an index of an older layout
# rebuilt whole by the next run, and the same answers after it.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

A="$tmp/archive" I="$tmp/idx"
mkdir -p "$A/局机关"
cat >"$A/局机关/整改方案.md" <<'EOF'
# 关于巡察反馈问题的整改方案

## 一、整改任务

针对巡察反馈的调查研究不深入问题，局党组明确由分管领导牵头，每季度到基层单位蹲点调研不少于一次，形成调研报告并在党组会上交流，确保问题见底、措施管用。

## 二、保障措施

各科室主要负责人为第一责任人，建立整改台账，逐项销号，每月向局党组报告整改进展情况。
EOF
# a material of 2023 with a paragraph long enough to be cut in pieces
{
    echo "# 2023年度党支部组织生活会发言提纲"
    echo
    printf '一是学习不够深入，满足于读原文、记笔记，联系实际思考不多。'
    for k in 1 2 3 4 5 6 7 8 9 10 11 12; do
        printf '第%s次支部学习时只听不讲，没有结合分管工作谈体会，对群众反映的难点问题研究不够，落实措施不具体。' "$k"
    done
    echo
} >"$A/局机关/发言提纲.md"
"$M" --index "$I" -q "$A"
base="$I/$(sed -n 's/^auto \(base-[0-9]*\)$/\1/p' "$I/XAPIANDB")"

# ---- a passage's stored copy: its text and headings, and few bytes more
# (the first task's: 31 bytes more; layout 3 spent 60)
para='针对巡察反馈的调查研究不深入问题'
rec=$tmp/rec
for d in $(seq 1 60); do
    xapian-delve -VR0 -r "$d" "$base" 2>/dev/null >"$rec.$d"
    grep -q "$para" "$rec.$d" && cp "$rec.$d" "$rec" && break
done
line=$(grep "$para" "$A/局机关/整改方案.md")
text=$(printf '%s' "$line" | wc -c)
heads=$(printf '%s' '一、整改任务' | wc -c)  # the title is the file's
size=$(($(sed '1s/^Value 0 for record #[0-9]*: //' "$rec" | wc -c) - 1))
check record-overhead-small "record $size bytes, text $text, headings $heads" \
    [ "$size" -gt $((text + heads)) -a "$size" -le $((text + heads + 32)) ]
check record-layout-4 "$(xapian-metadata get "$I/$(sed -n 's/^auto \(db-[0-9]*\)$/\1/p' "$I/XAPIANDB")" mz.layout)" \
    [ "$(xapian-metadata get "$I/$(sed -n 's/^auto \(db-[0-9]*\)$/\1/p' "$I/XAPIANDB")" mz.layout)" = 4 ]

# ---- what a search shows from a compact record: text, headings, line
out=$("$S" --index "$I" --json 蹲点调研)
check record-fields-shown "$out" sh -c '
    printf "%s" "$1" | jq -e ".results[0].text | contains(\"蹲点调研\")" >/dev/null &&
    printf "%s" "$1" | jq -e ".results[0].line_start == 5 and .results[0].byte_end == 291" >/dev/null &&
    printf "%s" "$1" | jq -e ".results[0].section == [\"一、整改任务\"] and .results[0].genre == \"rectify\"" >/dev/null
' _ "$out"

# ---- a piece of a cut line keeps its column, and the material its year
out=$("$S" --index "$I" --json -n 50 落实措施不具体)
check record-column-year "$(printf '%s' "$out" | jq -c '[.results[] | [.line_start, .column, .year]]')" sh -c '
    printf "%s" "$1" | jq -e "[.results[] | select(.column != null and .column > 1)] | length > 0" >/dev/null &&
    printf "%s" "$1" | jq -e "[.results[] | .year] | unique == [2023]" >/dev/null &&
    printf "%s" "$1" | jq -e "[.results[] | .line_start] | unique == [3]" >/dev/null
' _ "$out"

# ---- an index of layout 3 (text records) is rebuilt whole by the next run
live="$I/$(sed -n 's/^auto \(db-[0-9]*\)$/\1/p' "$I/XAPIANDB")"
xapian-metadata set "$live" mz.layout 3
out=$("$M" --index "$I" 2>&1); rc=$?
nlive="$I/$(sed -n 's/^auto \(db-[0-9]*\)$/\1/p' "$I/XAPIANDB")"
check layout-3-rebuilt "rc=$rc out=$out" sh -c '
    [ "$1" = 0 ] && printf "%s" "$2" | grep -q "has layout 3, older than this mzindex writes (4); rebuilding" &&
    [ "$(xapian-metadata get "$3" mz.layout)" = 4 ]' _ "$rc" "$out" "$nlive"
check layout-3-rebuilt-answers "$("$S" --index "$I" --count 蹲点调研 2>&1)" \
    [ "$("$S" --index "$I" --count 蹲点调研)" = 1 ]
