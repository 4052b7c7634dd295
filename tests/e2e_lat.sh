#!/bin/sh
# e2e_lat.sh — the latency of one search (issues 17, 18).  A fresh build
# leaves the index's live database empty; the shim then searches and reads
# the base alone (Xapian walks every database of a search in step, an empty
# one too).  What such an index answers must be what Xapian's own opening of
# the stub answers, byte for byte; an update that puts documents (or the
# exclusions of deleted files) in the live database must be seen; and a stub
# the shim does not read itself is opened by Xapian as before.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
D="$tmp/d" I="$tmp/i"
mkdir -p "$D/2023" "$D/2024"
register "$D/来信登记.txt"
printf '一、存在的问题\n（一）四风方面\n有的同志对照四风问题查摆不深，形式主义、官僚主义仍有表现。\n二、整改措施\n坚决整治文山会海，精简会议文件，每月通报。\n' \
    >"$D/2023/班子对照检查材料.txt"
printf '一、存在的问题\n好人主义盛行，批评与自我批评辣味不足，怕得罪人。\n二、原因分析\n党性修养不够，宗旨意识淡薄。\n' \
    >"$D/2023/个人对照检查材料.txt"
printf '关于整改落实情况的报告\n一、整改进展\n针对四风突出问题，已精简文件百分之三十，会议数量明显下降。\n二、下一步打算\n继续坚持一岗双责，防止好人主义反弹。\n' \
    >"$D/2024/整改报告.txt"
"$M" --index "$I" -q "$D"

# the fresh build: a stub naming two databases, the first (the live one)
# without documents
live=$(sed -n '1s/^auto //p' "$I/XAPIANDB")
check lat-fresh-live-empty "stub [$(cat "$I/XAPIANDB")], live: $(xapian-delve "$I/$live" 2>&1 | grep 'number of documents')" \
    sh -c "[ \$(grep -c '^auto ' '$I/XAPIANDB') = 2 ] && xapian-delve '$I/$live' | grep -q 'number of documents = 0'"

# R: the same index, its stub written so that Xapian opens it (a form the
# shim leaves to Xapian: a backend named)
R="$tmp/r"
cp -a "$I" "$R"
sed 's/^auto /glass /' "$I/XAPIANDB" >"$R/XAPIANDB"
same() { # NAME ARGS...: mzsearch ARGS on I and on R print the same (elapsed_ms aside)
    _n=$1; shift
    "$S" --index "$I" "$@" 2>&1 | grep -v elapsed_ms >"$tmp/a"
    "$S" --index "$R" "$@" 2>&1 | grep -v elapsed_ms >"$tmp/b"
    check "$_n" "$(diff "$tmp/a" "$tmp/b" | head -5)" sh -c "[ -s '$tmp/a' ] && cmp -s '$tmp/a' '$tmp/b'"
}
same lat-base-alone-page --json 四风
same lat-base-alone-topic --json 好人主义
same lat-base-alone-or --json -- "四风 OR 好人主义"
same lat-base-alone-offset --json -n 2 --offset 1 四风
same lat-base-alone-files --files 四风
same lat-base-alone-count --count 问题
same lat-base-alone-kind --json --kind measures 四风
same lat-base-alone-year --json --year 2024 四风
same lat-base-alone-text 好人主义
# the path, title and line of a passage come from its file's record, found by
# its docid: right in the base's own numbering
got=$("$S" --index "$I" --json 辣味 | jq -r '.results[0] | "\(.path | sub(".*/"; "")):\(.line_start)"')
check lat-base-alone-file-record "got [$got]" [ "$got" = "个人对照检查材料.txt:2" ]

# a stub with a comment and blank lines is still read by the shim, and
# answers the same
C="$tmp/c"
cp -a "$I" "$C"
{ echo '# the live database, then the base'; echo; cat "$I/XAPIANDB"; } >"$C/XAPIANDB"
"$S" --index "$C" --json 四风 | grep -v elapsed_ms >"$tmp/c.json"
"$S" --index "$R" --json 四风 | grep -v elapsed_ms >"$tmp/r.json"
check lat-stub-comments "$(diff "$tmp/c.json" "$tmp/r.json" | head -5)" cmp -s "$tmp/c.json" "$tmp/r.json"

# a stub naming a database that is not there: Xapian's own error, as before
X="$tmp/x"
cp -a "$I" "$X"
printf 'auto db-gone\nauto %s\n' "$(sed -n '2s/^auto //p' "$I/XAPIANDB")" >"$X/XAPIANDB"
"$S" --index "$X" 四风 >"$tmp/out" 2>"$tmp/err"; rc=$?
check lat-stub-missing-db "rc=$rc stderr [$(cat "$tmp/err")]" \
    sh -c "[ $rc = 2 ] && [ \$(wc -l <'$tmp/err') = 1 ] && grep -q '^mzsearch: .*$X' '$tmp/err'"

# an update puts a new file in the live database: found beside the base's
printf '一、存在的问题\n四风问题新近又有抬头，督查发现违规吃喝两起。\n' >"$D/2024/督查通报.txt"
"$M" --index "$I" -q
files=$("$S" --index "$I" --files 四风 | sed 's|.*/||' | sort | tr '\n' ' ')
check lat-update-new-file-found "files [$files]" \
    sh -c "printf '%s' '$files' | grep -q 督查通报.txt && printf '%s' '$files' | grep -q 班子对照检查材料.txt"
got=$("$S" --index "$I" --json 违规吃喝 | jq -r '.results[0] | "\(.path | sub(".*/"; "")):\(.line_start)"')
check lat-update-new-file-record "got [$got]" [ "$got" = "督查通报.txt:2" ]
# and a deleted file's passages are gone (its exclusion is in the live
# database, the passages in the base)
rm "$D/2023/个人对照检查材料.txt"
"$M" --index "$I" -q
n=$("$S" --index "$I" --count 辣味)
check lat-update-deleted-gone "count [$n]" [ "$n" = 0 ]
n=$("$S" --index "$I" --count 好人主义)
check lat-update-others-stay "count [$n]" [ "$n" = 1 ]
