#!/bin/sh
# e2e_rank.sh — a page ranked by evidence of the topic, not by phase alone
# (issue 16 points 2 and 3): a thesaurus form earns its place by what its
# passage and document say about the topic; a passage that writes about the
# topic through its forms outranks a clause that names it in passing; for a
# topic the thesaurus does not know, the sub-point led by the words comes
# before a passing mention, and words learned from the best passages find
# more, shown as such after the literal ones.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
F="$here/fixtures/rank"

# a material, a funeral regulation and a procedure on reports
I="$tmp/mixed"
"$M" --index "$I" -q "$F/mixed"
order() { "$S" --index "$I" --json -n 20 "$@" |
    jq -r '[.results[] | "\(.path | split("/") | last | split(".") | first):\(.line_start):\(.via)"] | join(" ")'; }

# 四风: 铺张浪费 in the funeral regulation is not 四风 — nothing else of the
# topic around it — so it ranks after every passage of the material, which
# names 形式主义, 作风建设, 工作作风 … (phase order put it third, above the
# material's 工作作风)
o=$(order 四风)
last=$(printf '%s' "$o" | tr ' ' '\n' | tail -n 1)
check form-earns-place-by-context "$o" [ "$last" = "殡葬管理办法:7:thesaurus" ]
check form-in-context-above "$o" sh -c "printf '%s' '$o' | grep -q '班子对照检查材料:6:thesaurus 殡葬管理办法:7:thesaurus'"

# 调查研究: the material's sub-point on 调研, 深入基层, 走访, 一线 writes about
# the topic; the procedure's clause names 调查研究 in passing (it came first)
o=$(order 调查研究)
check topic-forms-above-passing-literal "$o" \
    [ "$o" = "班子对照检查材料:5:thesaurus 人大常委会听取工作报告办法:4:text" ]
# the same set as before, each still marked by how it was found
n=$("$S" --index "$I" --count 调查研究)
check ranking-keeps-count "count $n, page: $o" [ "$n" = 2 ]

# a topic the thesaurus does not know (政治生态): a year's report names it in
# passing twice in a paragraph on the economy, and leads a sub-point with it
R="$tmp/report" IR="$tmp/ir"
mkdir -p "$R"
cp "$F/report/"*.txt "$R/"
# an unrelated register, so that the words of the topic are rare in the
# index as in a real archive
register "$R/来信登记.txt"
"$M" --index "$IR" -q "$R"
j=$("$S" --index "$IR" --json 政治生态)
first=$(printf '%s' "$j" | jq -r '.results[0] | "\(.path | split("/") | last):\(.line_start)"')
check literal-lead-first "$first" [ "$first" = "年度工作报告.txt:7" ]
r_lead=$(printf '%s' "$j" | jq '[.results[] | select(.path | endswith("年度工作报告.txt"))] | map(.line_start) | index(7)')
r_pass=$(printf '%s' "$j" | jq '[.results[] | select(.path | endswith("年度工作报告.txt"))] | map(.line_start) | index(4)')
check literal-passing-after-lead "lead at $r_lead, passing at $r_pass" [ "$r_lead" -lt "$r_pass" ]

# words learned from the best literal passages: 政治纪律 goes with 政治生态 in
# both materials; the passage with it alone is found, marked, and ranked
# after every passage with the words as typed
vias=$(printf '%s' "$j" | jq -r '[.results[].via] | join(" ")')
check learned-found "$vias" sh -c "printf '%s' '$j' | jq -e '[.results[] | select(.via == \"learned\" and .literal == false and (.matched | index(\"政治纪律\")))] | length == 1' >/dev/null"
check learned-after-literal "$vias" sh -c "printf '%s' '$vias' | grep -qx '\\(text \\)*learned\\( learned\\)*'"
check learned-text-mark "" sh -c "'$S' --index '$IR' --color=never 政治生态 | grep -q '支部对照检查材料.txt:8: .*≈ learned: 政治纪律'"
# --exact stays grep's set; --count counts the words as typed
check learned-not-exact "" sh -c "! '$S' --index '$IR' --exact --json 政治生态 | jq -e '.results[] | select(.via == \"learned\")' >/dev/null"
g=$(cat "$R"/*.txt | grep -c 政治生态)
c=$("$S" --index "$IR" --count 政治生态)
check learned-count-literal "count $c, grep $g" [ "$c" = "$g" ]

# a page of the ranked list is that part of it
all=$("$S" --index "$IR" --json -n 6 政治生态 | jq -c '[.results[2:4][] | [.path, .line_start]]')
pg=$("$S" --index "$IR" --json -n 2 --offset 2 政治生态 | jq -c '[.results[] | [.path, .line_start]]')
check ranked-page-offset "$pg vs $all" [ "$pg" = "$all" ]
