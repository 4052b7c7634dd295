#!/bin/sh
# e2e_rank7.sh — ranking, seventh pass: a word's occurrence whose last
# characters begin a longer dictionary word running on past it is another
# word (应当组织生活必需品的调配 is 组织|生活必需品, not 组织生活), while
# the word's own compounds keep their sense (组织生活会, 组织生活制度,
# 形式主义者).  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
D="$tmp/docs" I="$tmp/idx"
mkdir -p "$D"
cat >"$D/物资保障办法.md" <<'T'
# 某县应急物资保障办法

第八条 商务部门应当组织生活必需品的储备和调配，保障生活必需品供应。

第九条 粮食部门负责组织生活必需品运输，做好生活必需品市场监测。
T
cat >"$D/支部工作总结.txt" <<'T'
一、基本情况
（一）支部按时召开组织生活会，党员逐一对照检查，开展批评与自我批评。
（二）健全组织生活制度，把学习记录和发言材料归档备查。
（三）个别党员把自己当成形式主义者的旁观者，参加活动应付了事。
T
"$M" --index "$I" -q "$D"
j() { "$S" --index "$I" --json -n 20 "$@"; }
marks() { j "$1" | jq -r '[.results[] | "\(.sense):\(.sense_word)"] | join(" ")'; }

# 组织生活: the two real uses first and in their own sense, the two clauses
# on 生活必需品 after them, marked as that word's
m=$(marks 组织生活)
check necessities-other-sense "$m" \
    [ "$m" = "own:null own:null other:生活必需品 other:生活必需品" ]
first=$(j 组织生活 | jq -r '[.results[0,1] | .text | test("组织生活(会|制度)")] | all')
check real-uses-first "the two material lines first: $first" [ "$first" = true ]
# a word run on by one character is still a kind of it
m=$(marks 形式主义)
check one-character-on-keeps-sense "$m" [ "$m" = "own:null" ]
