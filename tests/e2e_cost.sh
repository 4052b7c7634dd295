#!/bin/sh
# e2e_cost.sh — the cheaper page (issues 17, 18) says what it said: the JSON
# page keeps a passage's quotes, backslashes, tabs and control characters
# as JSON escapes them, --jsonl's results are --json's, and near
# copies (one word changed) still stand under one result while a different
# passage does not.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
D="$tmp/d" I="$tmp/i"
mkdir -p "$D"
register "$D/来信登记.txt"
# a passage with every kind of byte JSON escapes
printf '一、存在的问题\n他说："坚决纠治四风"，文件存于 C:\\材料\\四风，\t制表符在此，响铃\001在此。\n' >"$D/转义.txt"
# three materials holding the same long paragraph, one with a word changed
# (a near copy); a fourth with another paragraph on the topic
para='对照四风问题，班子成员深入查摆，在学习贯彻上还有差距，在联系群众上还不够深入，在狠抓落实上还有短板，在廉洁自律上还需加强，今后要以钉钉子精神抓好整改'
printf '一、存在的问题\n%s。\n' "$para" >"$D/甲.txt"
printf '一、存在的问题\n%s。\n' "$para" >"$D/乙.txt"
printf '一、存在的问题\n%s。\n' "$(printf '%s' "$para" | sed 's/钉钉子/滚石上山/')" >"$D/丙.txt"
printf '二、整改措施\n坚决整治四风突出问题，建立长效机制，每季度通报一次进展。\n' >"$D/丁.txt"
"$M" --index "$I" -q "$D"

"$S" --index "$I" --json 制表符 >"$tmp/esc.json"
want=$(printf '他说："坚决纠治四风"，文件存于 C:\\材料\\四风，\t制表符在此，响铃\001在此。')
got=$(jq -r '.results[0].text' "$tmp/esc.json")
check cost-json-escapes "text [$got]" [ "$got" = "$want" ]
check cost-json-escaped-bytes "$(grep -o '"text":.*' "$tmp/esc.json")" \
    grep -qF '"text":	"他说：\"坚决纠治四风\"，文件存于 C:\\材料\\四风，\t制表符在此，响铃\u0001在此。"' "$tmp/esc.json"

"$S" --index "$I" --json 四风 >"$tmp/page.json"
"$S" --index "$I" --jsonl 四风 >"$tmp/page.jsonl"
check cost-jsonl-is-json "" sh -c "[ \"\$(jq -c '.results[]' '$tmp/page.json')\" = \"\$(jq -c 'del(.query)' '$tmp/page.jsonl')\" ]"

# the paragraph of 甲, 乙 and 丙 is one result with two near copies; 丁's is
# a result of its own
n=$(jq '[.results[] | select(.text | contains("深入查摆"))] | length' "$tmp/page.json")
also=$(jq -r '.results[] | select(.text | contains("深入查摆")) | .also_in[].path' "$tmp/page.json" | sed 's|.*/||' | sort | tr '\n' ' ')
check cost-near-copies-grouped "results $n, also in [$also]" sh -c "[ '$n' = 1 ] && [ \"\$(printf '%s' '$also' | wc -w)\" = 2 ]"
check cost-other-passage-apart "" sh -c "jq -e '[.results[] | select(.text | contains(\"长效机制\")) | .also_in | length] == [0]' '$tmp/page.json' >/dev/null"
