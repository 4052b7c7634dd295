#!/bin/sh
# e2e_scalesearch11.sh — a word of one index term on an index big enough
# that a search ranks a margin past what it likely reads (issue 18, search
# at scale): the shim ranks only the likely part and the margin when it is
# read (mzx_db_search_likely).  The page must not tell: passages ranked in
# the margin are found, every passage of the word is on a page long enough
# for all of them, once, and the total counts them all.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
D="$tmp/d" I="$tmp/i"
mkdir -p "$D"
# 60,000 register lines without the word (the margin grows with the
# passages: a page's search of 50 ranks 3 more here)
awk 'BEGIN {
    split("登记 核对 归档 审批 复核 录入 汇总 分发 回访 抽查", v, " ")
    split("来信 材料 台账 报表 档案 合同 票据 证照 清单 名册", o, " ")
    for (f = 0; f < 30; f++)
        for (i = 1; i <= 2000; i++) {
            k = f * 2000 + i
            printf "第%d项，%s%s%d件，按期%s。\n", k, v[k % 10 + 1],
                o[int(k / 10) % 10 + 1], k, v[int(k / 100) % 10 + 1] \
                > sprintf("'"$D"'/z%02d.txt", f)
        }
}'
# 84 clauses of 2018 naming 法院 once each, then five lines of 2021: every
# passage weighs the same, so the 2021 ones rank last, past the 83 that a
# pool's search likely reads
awk 'BEGIN {
    split("审查 登记 受理 送达 公开 调解 执行 复议 听证 移送 归档 核实", v, " ")
    split("起诉状 证据 判决书 传票 笔录 卷宗 裁定 文书", o, " ")
    split("一 二 三 四 五", n, " ")
    a = "'"$D"'/a.txt"; b = "'"$D"'/b.txt"
    print "2018年审判规则" > a
    for (i = 1; i <= 84; i++)
        printf "第%d条，法院应当%s%s，期限为%d日。\n", i, v[i % 12 + 1],
            o[int(i / 12) % 8 + 1], i + 3 > a
    print "2021年审判工作报告" > b
    for (i = 1; i <= 5; i++)
        printf "%s、全年法院%s%s共%d件，同比上升%d成。\n", n[i],
            v[(i * 5) % 12 + 1], o[(i * 3) % 8 + 1], i * 37, i > b
}'
"$M" --index "$I" -q "$D"

# the 2021 passages, ranked after the 84 of 2018: all five on the page
"$S" --index "$I" --json --year 2021 -n 10 法院 >"$tmp/y.json"
got=$(jq -r '[.results[] | select(.path | endswith("/b.txt")) | .line_start] | sort | map(tostring) | join(" ")' "$tmp/y.json")
check scalesearch11-margin-read "2021 lines [$got]" [ "$got" = "2 3 4 5 6" ]
n=$(jq '.results | length' "$tmp/y.json")
check scalesearch11-margin-only-kept "results $n" [ "$n" = 5 ]

# the same pages as the word less one that is nowhere: a query Xapian
# counts otherwise, which the shim ranks whole at once
page() { "$S" --index "$I" --json "$@" | jq -c '[.total, .total_exact, (.results | map([.path, .line_start, .score, .via]))]'; }
for opts in "--year 2021 -n 10" "-n 100" "-n 5 --offset 40"; do
    name=$(printf '%s' "$opts" | tr -d ' -')
    # shellcheck disable=SC2086
    a=$(page $opts -- 法院) b=$(page $opts -- '法院 -邮票')
    check "scalesearch11-as-ranked-whole-$name" "$a vs $b" [ "$a" = "$b" ]
done

# every passage of the word once on a page of 100, and the total
"$S" --index "$I" --json -n 100 法院 >"$tmp/all.json"
total=$(jq '.total' "$tmp/all.json")
check scalesearch11-total "total $total" [ "$total" = 89 ]
seen=$(jq -r '.results[] | (.path + ":" + (.line_start | tostring)), (.also_in[] | .path + ":" + (.line_start | tostring))' "$tmp/all.json" | sort)
all=$(printf '%s\n' "$seen" | wc -l)
once=$(printf '%s\n' "$seen" | uniq | wc -l)
check scalesearch11-every-passage-once "$all listed, $once apart" \
    [ "$all.$once" = 89.89 ]

# a page that stops inside the ranked part, and one that ends past it
"$S" --index "$I" --json -n 90 法院 >"$tmp/90.json"
check scalesearch11-page-prefix "" sh -c "[ \"\$(jq -c '.results[:10] | map([.path, .line_start, .score])' '$tmp/90.json')\" = \"\$(\"$S\" --index '$I' --json -n 10 法院 | jq -c '.results | map([.path, .line_start, .score])')\" ]"
n=$("$S" --index "$I" --count 法院)
check scalesearch11-count "count $n" [ "$n" = 89 ]
