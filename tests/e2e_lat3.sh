#!/bin/sh
# e2e_lat3.sh — the cost of one search, third pass (issues 17, 18): a
# topic's phase no longer runs its forms' query a second time for the
# genres that write about topics (a review, a rectification, a speech, a
# report); their best are taken from the phase's own search, which lists
# every candidate it meets when they are few.  What a user sees must not
# change: among 130 rules' clauses that name 形式主义 and 官僚主义 three
# and two times, a review material's paragraph that names 形式主义 once
# still reaches the first page of 50 (read in phase order it would be
# past it), with the same totals; after an update (two databases, where
# the search runs as before) too; and the server sends what the command
# line prints.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset MZSEARCH_INDEX NO_COLOR
export XDG_DATA_HOME="$tmp/xdg"
D="$tmp/d" I="$tmp/i"
mkdir -p "$D"
# 130 rules, each its own clause (no two near copies)
awk 'BEGIN {
    split("交通 税务 教育 卫生 环保 水利 农业 商务 文旅 民政 司法 财政 人社 住建 应急 市场 统计 审计 林业 医保", w, " ")
    for (i = 1; i <= 130; i++) {
        a = w[i % 20 + 1]; b = w[int(i / 20) % 20 + 1]
        f = sprintf("'"$D"'/作风管理办法%d.txt", i)
        printf "某市%s%s作风管理办法\n第%d条 %s部门和%s单位应当整治形式主义、官僚主义，%s领域防止形式主义、官僚主义反弹，对%s系统的形式主义问题限期整改，第%d批。\n", a, b, i, a, b, b, a, i >f
        close(f)
    } }'
printf '个人对照检查材料\n一、存在的问题\n本人在工作中存在形式主义苗头，调研不够深入。\n二、整改措施\n坚持深入基层调查研究。\n' \
    >"$D/个人对照检查材料.txt"
"$M" --index "$I" -q "$D"

# review_ranks QUERY [OPTIONS]: "total rank rank ..." of the review paragraphs
review_ranks() {
    _q=$1; shift
    "$S" --index "$I" --json "$@" -- "$_q" |
        jq -r '[.total] + [.results[] | select(.genre == "review") | .rank] | map(tostring) | join(" ")'
}
got=$(review_ranks 四风 -n 50)
set -- $got
check lat3-writing-pooled "total and review ranks [$got]: the paragraph among the first 50 of 131" \
    sh -c "[ '$1' = 131 ] && [ -n '$2' ] && [ '$2' -le 50 ]"
got=$(review_ranks '形式主义 OR 官僚主义' -n 50)
set -- $got
check lat3-writing-pooled-or "total and review ranks [$got]" \
    sh -c "[ '$1' = 131 ] && [ -n '$2' ] && [ '$2' -le 50 ]"
got=$(review_ranks 四风 --kind problems)
check lat3-writing-kind "total and review ranks [$got]: only the review's 存在的问题" \
    [ "$got" = "1 1" ]
# the first page of 10 is the rules' (their clauses name the forms more)
got=$(review_ranks 四风)
check lat3-writing-page-one "total and review ranks [$got]" [ "$got" = 131 ]

# ---- after an update: the live database holds a document too ---------------
printf '民主生活会对照检查材料\n一、存在的问题\n班子在落实中存在官僚主义倾向，调研流于形式。\n' \
    >"$D/班子对照检查材料.txt"
"$M" --index "$I" -q "$D"
got=$(review_ranks 四风 -n 50)
set -- $got
check lat3-writing-after-update "total and review ranks [$got]: both reviews among the first 50 of 132" \
    sh -c "[ '$1' = 132 ] && [ -n '$3' ] && [ '$2' -le 50 ] && [ '$3' -le 50 ]"

# ---- the server sends what the command line prints -------------------------
command -v curl >/dev/null 2>&1 || {
    echo "ok lat3-serve # SKIP curl is not installed (make deps installs it)"; exit 0; }
rm -rf "$I"
rm -f "$D/班子对照检查材料.txt"
"$M" --index "$I" -q "$D"
start_server "$I"
same_served lat3-served-topic 四风 -n 50 -- --data-urlencode n=50
same_served lat3-served-or '形式主义 OR 官僚主义' -n 50 -- --data-urlencode n=50
same_served lat3-served-kind 四风 --kind problems -- --data-urlencode kind=problems
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
