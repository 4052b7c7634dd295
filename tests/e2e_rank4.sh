#!/bin/sh
# e2e_rank4.sh — ranking targets (issue 16, fourth pass): a word made of
# dictionary words (理论学习) also finds its parts apart, near each other
# (重业务轻理论……系统学习不够), after every passage with the words or their
# forms; not parts far apart, nor a numbered formula's (第一|议题), nor
# under --exact.  Thesaurus: 好人主义 and 批评与自我批评 name each other,
# 理想信念 takes 初心.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
rank_fixture apart
j() { "$S" --index "$I" --json -n 50 "$@"; }
has() { # QUERY TEXT [OPTION]: a result of QUERY holds TEXT
    j $3 "$1" | jq -e --arg t "$2" 'any(.results[]; .text | contains($t))' >/dev/null; }
hasnt() { ! has "$@"; }
via() { # QUERY TEXT: how the result holding TEXT was found
    j "$1" | jq -r --arg t "$2" '.results[] | select(.text | contains($t)) | .via'; }

# 理论 … 学习 a few characters apart: found, as the words apart, after the
# paragraphs with 理论学习 itself
v=$(via 理论学习 重业务轻理论)
check apart-found "via: '$v'" [ "$v" = apart ]
r=$(j 理论学习 | jq -r '[.results[] | .via] | join(" ")')
check apart-after-words "$r" sh -c "printf '%s' '$r' | grep -q 'apart\$' && ! printf '%s' '$r' | grep -q 'apart text'"
t=$("$S" --index "$I" --color=never 理论学习 | grep -F '≈ apart:')
check apart-marked "$t" sh -c "printf '%s' '$t' | grep -q '≈ apart: 理论, 学习'"
# ... not 理论 at a paragraph's start and 学习 seventy characters on
check apart-not-far "" hasnt 理论学习 理论功底
# ... nor under --exact: the words as typed, only
check apart-not-exact "" hasnt 理论学习 重业务轻理论 --exact
# a numbered formula means nothing apart: 第一 … 议题 is not 第一议题
check apart-not-numeral "" hasnt 第一议题 业务排第一
# ... nor a word whose cut leaves a character of its own at its end
# (民主|生活|会: 民主 … 生活 is not a meeting)
check apart-not-leftover "" hasnt 民主生活会 关心干部职工生活
# --count and --files count the words as typed (and their forms)
c=$("$S" --index "$I" --count 理论学习)
check apart-not-counted "count $c" [ "$c" = 2 ]

# the want of criticism is nice-guyism, and the other way round
check nice-guy-finds-criticism "" has 好人主义 红红脸、出出汗
check criticism-finds-nice-guy "" has 批评与自我批评 克服好人主义
# 初心 (the original aspiration) is 理想信念's word, not only 初心使命
check ideals-find-aspiration "" has 理想信念 坚守初心

# A material's paragraph on a topic's form, among 150 clauses of a rule that
# name the forms more often: the thesaurus phase's first 50 are all
# clauses, and the material's paragraph was read only after them (rank
# 151); its best matches in the genres that write about topics are pooled
# too, and the evidence (a review writes about the topic) ranks it high.
W="$tmp/w"
mkdir -p "$W"
python3 - "$W/某市机关廉政规定.txt" <<'PY'
import random, sys
r = random.Random(7)
c = "国家机关单位人员事项经办审批登记档案资料财务采购工程项目合同管理检查考核报告公开信息服务窗口时限材料申请受理"
out = ["某市机关廉政规定", "", "第一章 总则", ""]
for i in range(1, 151):
    s = "".join(r.choice(c) for _ in range(40))
    out += ["第%d条 %s，应当遵守廉政要求，落实廉政制度，做到廉洁自律。" % (i, s), ""]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
printf '%s\n' 丙局领导班子对照检查材料 '' 一、存在的问题 '' \
    '（一）班子成员对廉政教育重视不够，组织学习少，对身边的苗头性问题提醒不及时，查摆问题不深不透。' \
    >"$W/丙局领导班子对照检查材料.txt"
"$M" --index "$tmp/wi" -q "$W"
r=$("$S" --index "$tmp/wi" --json -n 40 党风廉政建设 | jq -r '.results[] | select(.text | contains("廉政教育重视不够")) | .rank')
check writing-genre-pooled "rank '$r'" sh -c "[ -n '$r' ] && [ '$r' -le 10 ]"
