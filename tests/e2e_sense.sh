#!/bin/sh
# e2e_sense.sh — a word whose characters stand inside another word (八项规定
# in 违反第八项规定的, "item eight") ranks after every passage where the word
# stands in its own sense, and is marked so in JSON and text; --exact keeps
# grep's set and changes only the order.  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
D="$tmp/docs" I="$tmp/idx"
mkdir -p "$D"
# clauses that name 八项规定's characters twice (BM25 puts them first), and
# a material that names the rules once, and other own-sense compounds
cat >"$D/养犬管理条例.md" <<'T'
# 某市养犬管理条例

第二十条 违反本条例第十条第八项规定的，由公安机关责令改正；违反第十一条第八项规定的，处二百元罚款。

第二十一条 违反第五项至第八项规定的，处一百元以上五百元以下罚款；有第八项规定情形的，从重处罚。

第二十二条 有前款第八项规定情形的，依法处理。
T
cat >"$D/对照检查材料.txt" <<'T'
一、存在的问题
（一）落实中央八项规定精神还有差距。公务接待把关不严，回应群众关切不够及时。
二、整改措施
（二）深入基层开展实地调查研究，摸清实情，防范化解高风险领域隐患。
T
"$M" --index "$I" -q "$D"
s() { "$S" --index "$I" --color=never "$@"; }

for mode in default exact; do
    flag=; [ $mode = exact ] && flag=--exact
    j=$(s $flag --json -n 20 八项规定)
    order=$(printf '%s' "$j" | jq -r '[.results[] | if .sense == "own" then "o" else "x" end] | join("")')
    check "sense-own-first-$mode" "own (o) and other (x) senses in rank order: $order" \
        [ "$order" = "oxxx" ]
    files=$(printf '%s' "$j" | jq -r '.results[0].path' | sed 's|.*/||')
    check "sense-material-on-top-$mode" "first: $files" [ "$files" = "对照检查材料.txt" ]
    marks=$(printf '%s' "$j" | jq -r '[.results[] | "\(.sense):\(.sense_word)"] | join(" ")')
    check "sense-json-marks-$mode" "$marks" \
        [ "$marks" = "own:null other:第八项 other:第八项 other:第八项" ]
done

# --exact keeps grep's set: the same passages, only in another order
want=$(grep -c 八项规定 "$D"/*.md "$D"/*.txt | awk -F: '{n += $2} END {print n}')
got=$(s --exact --count 八项规定)
check sense-exact-count-is-grep "grep: $want lines, mzsearch --exact --count: $got" [ "$want" = "$got" ]
lines=$(s --exact --json -n 20 八项规定 | jq -r '.results[] | "\(.path | split("/") | last):\(.line_start)"' | sort)
grepped=$(cd "$D" && grep -n 八项规定 ./* | cut -d: -f1,2 | sed 's|^\./||' | sort)
check sense-exact-set-is-grep "mzsearch: $lines; grep: $grepped" [ "$lines" = "$grepped" ]

# the text output marks the other word
txt=$(s 八项规定)
check sense-text-mark "no '≠ other sense: 第八项' line: $txt" \
    sh -c 'printf "%s\n" "$1" | grep -q "^[^ ].*:[0-9]*:.*≠ other sense: 第八项$"' _ "$txt"
n=$(printf '%s\n' "$txt" | grep -c '≠ other sense')
check sense-text-mark-each "3 marked, got $n" [ "$n" = 3 ]

# the thesaurus carries no wrong sense: 四风 lists its forms' own senses first
order=$(s --json -n 20 四风 | jq -r '[.results[] | if .sense == "own" then "o" else "x" end] | join("")')
check sense-thesaurus-phase "四风: $order" sh -c "printf '%s' '$order' | grep -qx 'o*x\{3\}'"

# own-sense compounds are not marked (a false mark is worse than a miss)
for q in 调查研究 风险 中央八项规定; do
    m=$(s --json -n 20 "$q" | jq -r '[.results[] | .sense] | unique | join(",")')
    check "sense-no-false-mark-$q" "$q: $m" [ "$m" = own ]
done

# the dictionary's version is recorded in the index, as the segmenter's is
v=$("$M" --index "$I" --status --json | jq -r .sense)
check sense-version-in-index "status says '$v'; mzsearch --version: $("$S" --version)" \
    sh -c 'test -n "$1" && "$2" --version | grep -qF "sense dictionary $1"' _ "$v" "$S"
