#!/bin/sh
# e2e_rank5.sh — ranking targets (issue 16, fifth pass): a heading line
# gives way to its own paragraphs when they hold the words; a rule's
# purpose clause is not led by what follows its first comma; a material's
# paragraph that names the words once is pooled even when rules that name
# them over and over fill the first 50.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
D="$tmp/d" I="$tmp/i"
mkdir -p "$D"
cp "$here/fixtures/rank/fifth/"*.txt "$D/"
register "$D/来信登记.txt"
# sixty articles that name 营商环境 three or four times each, as the
# business environment regulations of many cities do (ten departments, six
# duties, ten fields: no two near copies)
awk 'BEGIN {
    split("发展改革部门 市场监管部门 税务部门 人力社保部门 自然资源部门 住房建设部门 商务部门 司法行政部门 财政部门 数据管理部门", s, " ")
    split("用地审批 融资服务 用水用电 跨境贸易 纳税缴费 招标投标 工程建设 知识产权 劳动用工 市场准入", e, " ")
    t[0] = "%s应当把优化营商环境列入年度重点工作，定期评估营商环境建设成效，向社会公布营商环境报告，%s事项优先办理。"
    t[1] = "%s负责收集本领域营商环境投诉，建立营商环境问题台账，按季度通报营商环境整改情况，涉及%s的限期答复。"
    t[2] = "%s应当聘请营商环境监督员，听取企业对营商环境的评价，据此改进营商环境工作，%s方面的意见单列。"
    t[3] = "%s制定涉企政策时应当开展营商环境影响评估，防止损害营商环境，结果纳入营商环境考核，%s政策从严审查。"
    t[4] = "%s应当组织营商环境专题培训，推广营商环境典型经验，表彰营商环境先进单位，%s窗口人员全员参训。"
    t[5] = "%s应当建设营商环境数据平台，归集营商环境指标，按月发布营商环境监测结果，%s指标单独列示。"
    print "某市营商环境促进办法\n"
    for (i = 0; i < 60; i++) {
        printf "第%d条 ", i + 1
        printf t[i % 6], s[i % 10 + 1], e[int(i / 6) + 1]
        printf "\n"
    }
}' >"$D/营商环境促进办法.txt"
"$M" --index "$I" -q "$D"
j() { "$S" --index "$I" --json -n 100 "$@"; }
rank_of() { # QUERY TEXT: the rank of the result holding TEXT (none: 0)
    j "$1" | jq -r --arg t "$2" \
        '[.results[] | select(.text | contains($t)) | .rank] | first // 0'; }

# 干部教育培训: the paragraphs under 二、干部教育培训 say what the heading
# line only names: they come first, the heading line after them
p=$(rank_of 干部教育培训 分层分类组织) h=$(rank_of 干部教育培训 二、干部教育培训)
check heading-after-its-paragraphs "paragraph $p, heading $h" test "$p" -gt 0 -a "$p" -lt "$h"
# ... a heading whose paragraphs do not hold the words still comes first
# (e2e_rank3 heading-line-first): 存在的问题 names the part
h=$(rank_of 存在的问题 一、存在的问题)
check heading-first-when-paragraphs-lack-words "heading $h" [ "$h" = 1 ]

# 为民服务: the article whose first clause holds it (窗口工作人员应当牢固
# 树立为民服务意识) before the purpose clause that names it twice after its
# first comma (为了规范……工作秩序，提升为民服务水平)
a=$(rank_of 为民服务 牢固树立为民服务意识) b=$(rank_of 为民服务 为了规范本区)
check lead-ends-at-comma "duty $a, purpose $b" test "$a" -gt 0 -a "$a" -lt "$b"

# 营商环境: the report's paragraph that names it once lies past the first
# 50 of the sixty articles that name it three times; it is pooled with the
# writing genres' best and ranks on the first page
r=$(rank_of 营商环境 服务企业不够主动)
check literal-writing-pooled "rank $r" test "$r" -gt 0 -a "$r" -le 10
# ... the same under --exact (the order changes, not the set)
n=$("$S" --index "$I" --count 营商环境) x=$("$S" --index "$I" --exact --count 营商环境)
check literal-writing-same-set "count $n, exact $x" [ "$n" = "$x" ]
