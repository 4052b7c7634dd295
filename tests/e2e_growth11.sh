#!/bin/sh
# e2e_growth11.sh — a full build cut into many parts on several jobs keeps
# the same record of every file as a one-job build (the records are now
# made after the jobs end, not inside them): the next run finds nothing
# to do, and a changed file is the only one it reads again.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

A="$tmp/archive" IP="$tmp/parts" I1="$tmp/one"
mkdir -p "$A/党支部" "$A/局机关"
for k in 1 2 3 4 5 6 7 8; do
    printf '# 第%s次支部委员会会议纪要\n\n## 一、存在问题\n\n对照检查第%s项，调查研究不深入，整改措施落实不到位。\n' \
        "$k" "$k" >"$A/党支部/纪要$k.md"
    printf '# 局机关第%s季度工作通报\n\n## 二、下步措施\n\n建立第%s本整改台账，逐项销号，按月报告进展。\n' \
        "$k" "$k" >"$A/局机关/通报$k.md"
done
printf "%s" "" >"$A/局机关/空白.txt"   # empty: a record, no passage

# many parts (a few hundred bytes each) on 2 jobs, and one part on 1 job
MZ_PART_BYTES=400 "$M" --index "$IP" -q --jobs 2 "$A"
"$M" --index "$I1" -q --jobs 1 "$A"
live() { echo "$1/$(sed -n 's/^auto \(db-[0-9]*\)$/\1/p' "$1/XAPIANDB")"; }
records() {
    db=$(live "$1")
    xapian-metadata list "$db" mz.file: | while read -r key; do
        printf '%s %s\n' "$key" "$(xapian-metadata get "$db" "$key" | tr '\n' ' ')"
    done
}
check parts-records-17 "$(records "$IP" | wc -l) records" \
    [ "$(records "$IP" | wc -l)" = 17 ]
check parts-records-same "$(records "$IP" | head -2)" \
    [ "$(records "$IP")" = "$(records "$I1")" ]
# each names its file, with that file's size
bad=$(records "$IP" | while read -r key size mtime hash b path; do
    [ "$size" = "$(stat -c %s "$path")" ] && [ "$b" = B ] || echo "$key $size $path"
done)
check parts-records-name-files "$bad" [ -z "$bad" ]

# the next run reads nothing again; a changed file alone is updated
out=$("$M" --index "$IP" --json "$A")
check parts-next-run-nothing "$out" sh -c '
    printf "%s" "$1" | jq -e ".added == 0 and .updated == 0 and .unchanged == 17" >/dev/null' _ "$out"
printf '\n## 三、补充\n\n会后补充一条整改意见。\n' >>"$A/局机关/通报3.md"
out=$("$M" --index "$IP" --json "$A")
check parts-changed-file-updated "$out" sh -c '
    printf "%s" "$1" | jq -e ".added == 0 and .updated == 1 and .unchanged == 16" >/dev/null' _ "$out"
out=$("$S" --index "$IP" --json 补充一条整改意见)
check parts-changed-file-found "$out" sh -c '
    printf "%s" "$1" | jq -e ".results[0].path | endswith(\"通报3.md\")" >/dev/null' _ "$out"
