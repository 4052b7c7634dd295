#!/bin/sh
# e2e_relevance.sh — topic words find their forms, after the literal hits
# (--exact turns that off; users add topics); section kinds; near copies
# shown once.  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
D="$here/sample" I="$tmp/idx"
"$M" --index "$I" -q "$D"
s() { "$S" --index "$I" --color=never "$@"; }

# 好人主义 is a topic: 一团和气 (in 整治方案-bom.txt) is one of its forms
lit=$(s --count --exact 好人主义)
all=$(s --count 好人主义)
check thesaurus-adds-forms "exact $lit, expanded $all" [ "$all" -gt "$lit" ]
j=$(s --json -n 100 好人主义)
ranks=$(printf '%s' "$j" | jq -r '.results[] | if (.matched | index("好人主义")) then "L" else "F" end' | tr -d '\n')
check thesaurus-literal-first "$ranks" sh -c "printf '%s' '$ranks' | grep -qx 'L*F*'"
check thesaurus-matched-form "" sh -c "printf '%s' '$j' | jq -e '[.results[].matched[]] | index(\"一团和气\")' >/dev/null"
check thesaurus-expanded-in-json "" sh -c "printf '%s' '$j' | jq -e '.expanded | contains(\"一团和气\")' >/dev/null"
check exact-no-forms "" sh -c "! '$S' --index '$I' --exact --json -n 100 好人主义 | jq -r '.results[].text' | grep -v 好人主义 | grep -q ."
check exact-json-no-expanded "" sh -c "'$S' --index '$I' --exact --json 好人主义 | jq -e 'has(\"expanded\") | not' >/dev/null"
# every result still contains what it matched
bad=$(printf '%s' "$j" | jq -r '.results[] | select([.matched[] as $m | .text | contains($m)] | all | not) | .rank')
check thesaurus-matched-in-text "ranks: $bad" [ -z "$bad" ]
# an excluded word is not expanded
check excluded-not-expanded "" sh -c "'$S' --index '$I' --json 批评 -好人主义 | jq -e '.expanded == null' >/dev/null"
# every topic of the shipped thesaurus expands, in either ASCII case
# (mzsearch skips parsing it for a query with no topic: never for one)
topics=$(sed 's/#.*//' "$here/../query/thesaurus.txt" |
    awk -F'<=>' '/<=>/ { for (i = 1; i <= NF; i++) print $i; next }
                 /=/ { split($0, a, "="); print a[1] }' |
    sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -v ' ' | grep .)
missed=$(printf '%s\n' "$topics" | while read -r t; do
    for w in "$t" "$(printf '%s' "$t" | tr a-z A-Z)"; do
        s --json -n 0 "$w" | jq -e '.expanded' >/dev/null || printf '%s ' "$w"
    done
done)
if [ -z "$missed" ] && [ -n "$topics" ]; then
    ok every-topic-expands; else no every-topic-expands "$(printf '%s\n' "$topics" | wc -l) topics; missed: $missed"; fi

# a user's thesaurus file, and one in the index folder
printf '# mine\n码头 = 谈心谈话\n' >"$tmp/mine.txt"
check user-thesaurus "$(s --thesaurus "$tmp/mine.txt" --files 码头)" \
    sh -c "'$S' --index '$I' --thesaurus '$tmp/mine.txt' --files 码头 | grep -q 谈话记录"
printf '纪要 <=> 会议内容\n' >"$I/thesaurus.txt"
if [ "$(s --count 会议内容)" -ge 1 ] && \
    sh -c "'$S' --index '$I' --color=never --files 纪要 | grep -q 会议纪要"; then
    ok index-thesaurus-two-way; else no index-thesaurus-two-way "$(s --files 会议内容)"; fi
printf 'no equals sign here\n' >"$tmp/bad.txt"
err=$(s --thesaurus "$tmp/bad.txt" 好人主义 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "bad.txt: line 1"; then
    ok bad-thesaurus-error; else no bad-thesaurus-error "rc=$rc $err"; fi
err=$(s --thesaurus "$tmp/none.txt" 好人主义 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "none.txt"; then
    ok missing-thesaurus-error; else no missing-thesaurus-error "rc=$rc $err"; fi

# section kinds: from the headings above a passage
kinds=$(s --exact --json -n 100 好人主义 | jq -r '.results[] | (.line_start | tostring) + .kind' | sort | tr '\n' ' ')
check kind-in-json "$kinds" sh -c "printf '%s' '$kinds' | grep -q '9problems' && printf '%s' '$kinds' | grep -q '21measures'"
got=$(s --exact --kind measures --json -n 100 好人主义 | jq -r '[.results[].kind] | unique | join(",")')
check kind-filter "$got" [ "$got" = measures ]
check kind-filter-count "$(s --exact --kind problems --count 好人主义)" [ "$(s --exact --kind problems --count 好人主义)" = 1 ]
err=$(s --kind bogus 好人主义 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "bogus"; then
    ok kind-bad; else no kind-bad "rc=$rc $err"; fi

# a query that names a part of the material puts that part first
K="$tmp/kinds" IK="$tmp/ik"
mkdir -p "$K"
printf '材料\n一、存在的问题\n整改整改整改，整改工作拖沓，整改不到位。\n二、整改措施\n抓好整改落实。\n' >"$K/a.txt"
"$M" --index "$IK" -q "$K"
order=$("$S" --index "$IK" --exact --json 整改 | jq -r '[.results[] | "\(.line_start):\(.kind)"] | join(" ")')
check named-kind-first "$order" sh -c "printf '%s' '$order' | grep -q '^5:measures 3:problems'"

# totals of a search that stops after the page: "about N" counts the
# candidates in the index when they are few, not the frequency of the
# phrase's rarest bigram (作风建设: 风建 is in 防风建筑 too), and a part
# (--kind) is counted inside the index
T="$tmp/totals" IT="$tmp/it"
mkdir -p "$T"
for f in 1 2 3 4; do
    {
        printf '第%s份材料\n一、工作情况\n' "$f"
        i=0
        while [ $i -lt 50 ]; do
            printf '第%s条，加强作风建设，要求第%s项。\n' "$i" "$f"
            printf '第%s条，转变工作作风，防风建筑%s处，抓好整改。\n' "$i" "$f"
            i=$((i + 1))
        done
        printf '二、整改措施\n'
        i=0
        while [ $i -lt 10 ]; do
            printf '第%s项，逐条整改到位，第%s份。\n' "$i" "$f"
            i=$((i + 1))
        done
    } >"$T/m$f.txt"
done
"$M" --index "$IT" -q "$T"
t=$("$S" --index "$IT" --exact --all --json 作风建设 | jq -c '[.total, .total_exact, (.results | length)]')
check total-counts-candidates "$t (200 passages hold it)" [ "$t" = "[200,false,10]" ]
# (a page ranks a pool of up to 50 matches a phase, so the 40 are all read
# and the total is exact: it was an estimate of 40 before)
t=$("$S" --index "$IT" --exact --all --kind measures --json 整改 | jq -c '[.total, .total_exact]')
check total-of-a-kind "$t (40 passages of measures hold it)" [ "$t" = "[40,true]" ]
c=$("$S" --index "$IT" --exact --kind measures --count 整改)
check count-of-a-kind "$c" [ "$c" = 40 ]
first=$("$S" --index "$IT" --exact --all --json 整改 | jq -r '[.results[].kind] | unique | join(",")')
check named-kind-many "$first" [ "$first" = measures ]

# document metadata: year and type, as filters and facets
Y="$tmp/years" IY="$tmp/iy"
mkdir -p "$Y"
printf '2022年度领导班子对照检查材料\n一、存在的问题\n好人主义仍有表现。\n' >"$Y/a.txt"
printf '2023年个人对照检查材料\n一、存在的问题\n我身上的好人主义思想。\n' >"$Y/b.txt"
printf '对照检查材料\n按照要求，我认真查摆，好人主义在我身上也有。\n' >"$Y/c.txt"
"$M" --index "$IY" -q "$Y"
y() { "$S" --index "$IY" --exact --files "$@" 好人主义 | sed "s|$Y/||" | tr '\n' ' '; }
check year-filter "$(y --year 2022)" [ "$(y --year 2022)" = "a.txt " ]
check type-personal "$(y --type personal)" [ "$(y --type personal)" = "b.txt c.txt " ]
check type-group "$(y --type group)" [ "$(y --type group)" = "a.txt " ]
f=$("$S" --index "$IY" --exact --json 好人主义 | jq -c '[.facets.year["2022"], .facets.year["2023"], .facets.year.unknown, .facets.type.personal, .facets.over]')
check facets "$f" [ "$f" = "[1,1,1,2,3]" ]
j=$("$S" --index "$IY" --exact --json 好人主义 | jq -r '.results[] | select(.path | endswith("a.txt")) | "\(.year) \(.type)"')
check year-type-in-json "$j" [ "$j" = "2022 group" ]
err=$("$S" --index "$IY" --type team 好人主义 2>&1 >/dev/null); rc=$?
check type-bad "rc=$rc $err" [ "$rc" = 2 ]

# a passage under a heading that names the topic is found through it, after
# the passages that name it themselves
H="$tmp/heads" IH="$tmp/ih"
mkdir -p "$H"
printf '对照检查材料\n一、关于好人主义问题的剖析\n有的同志不愿意当面指出别人的缺点。\n二、其他\n好人主义要坚决反对。\n' >"$H/a.txt"
"$M" --index "$IH" -q "$H"
v=$("$S" --index "$IH" --json 好人主义 | jq -r '[.results[] | "\(.line_start):\(.via)"] | join(" ")')
check heading-phase "$v" [ "$v" = "2:text 5:text 3:heading" ]
check heading-phase-not-exact "" [ "$("$S" --index "$IH" --exact --count 好人主义)" = 2 ]
check heading-phase-text-marker "" sh -c "'$S' --index '$IH' --color=never 好人主义 | grep -q ':3: 一、关于好人主义问题的剖析  ≈ under the heading'"

# near copies: a copied material with one sentence changed shows once
C="$tmp/copies" IC="$tmp/ic"
mkdir -p "$C"
cp "$D/班子对照检查材料.txt" "$C/a.txt"
sed 's/怕得罪人/担心得罪人/; s/碍于情面/顾及情面/' "$D/班子对照检查材料.txt" >"$C/b.txt"
cp "$D/发言提纲.md" "$C/c.md"
"$M" --index "$IC" -q "$C"
j=$("$S" --index "$IC" --exact --json 好人主义)
texts=$(printf '%s' "$j" | jq -r '.results[].text')
check dedup-no-text-twice "$texts" [ "$(printf '%s\n' "$texts" | sort | uniq -d | wc -l)" = 0 ]
check dedup-also-in "" sh -c "printf '%s' '$j' | jq -e '[.results[].also_in | length] | max == 1' >/dev/null"
check dedup-near-copy-grouped "" sh -c "printf '%s' '$j' | jq -e '.results | length == 3' >/dev/null"
n=$("$S" --index "$IC" --exact --all --json 好人主义 | jq '.results | length')
check dedup-all-shows-every-copy "$n" [ "$n" = 5 ]
check dedup-text-says-where "" sh -c "'$S' --index '$IC' --exact --color=never 好人主义 | grep -q '(also in 1 other place: $C/'"

# --similar: a draft paragraph finds the passage it resembles most, first
draft="开展批评时碍于情面，存在好人主义倾向，对身边的圈子文化苗头没有及时制止。"
first=$(printf '%s\n' "$draft" | "$S" --index "$I" --similar - --json -n 3 | jq -r '.results[0] | "\(.path):\(.line_start)"')
check similar-first "$first" [ "$first" = "$D/班子对照检查材料.txt:9" ]
printf '%s\n' "$draft" >"$tmp/draft.txt"
check similar-file-marks-overlap "" sh -c "'$S' --index '$I' --color=never --marks --similar '$tmp/draft.txt' -n 1 | grep -q '【'"
err=$("$S" --index "$I" --similar "$tmp/none.txt" 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q none.txt; then
    ok similar-missing-file; else no similar-missing-file "rc=$rc $err"; fi
exit 0
