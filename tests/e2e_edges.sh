#!/bin/sh
# e2e_edges.sh — the command line at its edges: queries that cost too much
# (repeated words, too many words), -word in every phase, a query that is
# not UTF-8, --index on a file that is no index, options that exclude each
# other, --files with -n/--offset, and a word across the forced cut of a
# very long line.  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
I="$tmp/idx"
mkdir -p "$tmp/docs"

# ---- fixtures (short originals in the genre) ----------------------------------
cat >"$tmp/docs/班子对照检查.md" <<'EOF'
# 某支部班子对照检查材料

## 一、在反对四风方面

会风文风有待改进，形式主义问题仍有表现，个别会议层层陪会。

调研走过场，下基层蜻蜓点水，问题台账更新不及时。

## 二、存在的其他问题

四风问题整改不彻底，回头看不够。要做到学、思、践、悟、行、用相统一。
EOF
# a material that only the thesaurus finds for 好人主义 (碍于情面 is one of
# its forms): --files 好人主义 lists it after the text phase's one file
cat >"$tmp/docs/整改台账.txt" <<'EOF'
开展批评时碍于情面，点问题避重就轻，整改台账更新不及时。
EOF
# many passages with 风 among many more without (more candidates than a
# search counts exactly: the total shown is an estimate); each names one 风X
# word, some of them several times (their weights differ, as in real text)
awk 'BEGIN { n = split("险 景 气 貌 尚 范 格 俗 波 向 力 光 采 味 雨 云 声 度 骨 情", w, " ")
    for (i = 1; i <= 20000; i++) {
        if (i % 20) { printf "第%d条记录：理论学习按计划开展。\n\n", i; continue }
        printf "第%d条：注意", i
        for (k = 0; k <= i % 7; k++) printf "风%s、", w[i % n + 1]
        printf "问题。\n\n" } }' >"$tmp/docs/记录汇编.txt"
# a line of 3,006 characters without a break, 好人主义 across the forced cut
# after character 2,000 (it takes characters 1,999 to 2,002)
f=学习贯彻落实会议精神推动工作发展   # 16 characters
{ echo 长行测试
  awk -v f="$f" 'BEGIN { for (i = 0; i < 124; i++) printf "%s", f }'
  printf '%s' 学习贯彻落实会议精神推动工作 好人主义
  awk -v f="$f" 'BEGIN { for (i = 0; i < 62; i++) printf "%s", f; print "" }'
} >"$tmp/docs/长行.txt"
"$M" --index "$I" "$tmp/docs" 2>"$tmp/err"; rc=$?
check edges-index "rc=$rc $(cat "$tmp/err")" [ "$rc" = 0 ]
s() { "$S" --index "$I" --color=never "$@"; }

# ---- 8. cost is bounded ---------------------------------------------------------
one=$(s --exact --json -n 1 风 | jq .total)
two=$(s --exact --json -n 1 风 风 | jq .total)
check repeated-word-same-estimate "风: $one, 风 风: $two" [ "$one" = "$two" ]
exact=$(s --exact --count 风)
check repeated-word-estimate-near-count "风 风: about $two, exactly $exact" \
    awk -v a="$two" -v b="$exact" 'BEGIN { exit !(a >= b * 0.8 && a <= b * 1.25) }'
ors=$(s --exact --json -n 1 风 OR 风 | jq .total)
check or-of-one-word-is-the-word "风 OR 风: $ors, 风: $one" [ "$ors" = "$one" ]
many=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "风 " }')
# shellcheck disable=SC2086  # the words are meant to split
s --exact --json -n 1 $many >"$tmp/out" 2>"$tmp/err"; rc=$?
check repeated-1000-times-runs "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 0 ] && [ \"\$(jq .total '$tmp/out')\" = '$one' ]"

words=$(awk 'BEGIN { for (i = 1; i <= 33; i++) printf "词%c%c ", 65 + i % 26, 65 + int(i / 26) }')
# shellcheck disable=SC2086
s --json $words >"$tmp/out" 2>"$tmp/err"; rc=$?
check cap-words-refused "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q '33 different words, more than the 32' '$tmp/err' &&
           jq -e '.error.code == \"bad_query\"' '$tmp/out' >/dev/null"
words=$(awk 'BEGIN { for (i = 1; i <= 31; i++) printf "词%c%c OR ", 65 + i % 26, 65 + int(i / 26) }')
# shellcheck disable=SC2086
s $words 风 >/dev/null 2>"$tmp/err"; rc=$?
check cap-32-words-run "rc=$rc $(cat "$tmp/err")" [ "$rc" = 0 ]
long=$(awk 'BEGIN { for (i = 0; i < 700; i++) printf "作风建设" }')
s --json "$long" >"$tmp/out" 2>"$tmp/err"; rc=$?
check cap-bytes-refused "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q '8400 bytes long, more than the 4096' '$tmp/err' &&
           jq -e '.error.code == \"bad_query\"' '$tmp/out' >/dev/null"
s 风 作 建 设 学 >/dev/null 2>"$tmp/err"; rc=$?
check cap-5-anded-chars-run "rc=$rc $(cat "$tmp/err")" [ "$rc" != 2 ]
s 风 作 建 设 学 改 查 党 问 >/dev/null 2>"$tmp/err"; rc=$?
check cap-chars-refused "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q '9 single Chinese characters (one in an OR counting twice), more than the 8' '$tmp/err'"
s 风 OR 作 OR 建 OR 设 OR 学 >/dev/null 2>"$tmp/err"; rc=$?
check cap-ored-chars-refused "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q '10 single Chinese characters' '$tmp/err'"
s -n ' -5' 风 >/dev/null 2>"$tmp/err"; rc=$?
check limit-negative-with-space-refused "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q -e \"-n/--limit needs a number, not ' -5'\" '$tmp/err'"
# a pasted phrase: its one-character runs are checked, not looked up
s --exact '"学、思、践、悟、行、用相统一"' >"$tmp/out" 2>"$tmp/err"; rc=$?
check phrase-with-one-char-runs-found "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 0 ] && grep -q '回头看不够' '$tmp/out'"

# ---- 9. -word holds in every phase ----------------------------------------------
s --json -n 50 四风 -形式主义 >"$tmp/out" 2>"$tmp/err"; rc=$?
check minus-word-run "rc=$rc $(cat "$tmp/err")" [ "$rc" = 0 ]
check minus-word-heading-phase "$(jq -c '[.results[] | [.via, .text]]' "$tmp/out")" \
    sh -c "jq -e '[.results[] | select(.text | contains(\"形式主义\"))] | length == 0' '$tmp/out' >/dev/null"
n=$(s --json --all -n 100000 四风 -形式主义 | jq '.results | length')
check minus-word-count "--count $(s --count 四风 -形式主义), shown $n" \
    [ "$(s --count 四风 -形式主义)" = "$n" ]

# ---- 10. the command line at its edges -------------------------------------------
s --json "$(printf '\377\376')" >"$tmp/out" 2>"$tmp/err"; rc=$?
check bad-utf8-query-says-so "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q 'not valid UTF-8' '$tmp/err' &&
           jq -e '.error.code == \"bad_query\"' '$tmp/out' >/dev/null"
"$S" --index "$tmp/docs/班子对照检查.md" 四风 >/dev/null 2>"$tmp/err"; rc=$?
check index-on-document "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q '班子对照检查.md is a file, neither an index nor a shards file' '$tmp/err'"
printf 'x\000\001\002binary' >"$tmp/blob"
"$S" --index "$tmp/blob" 四风 >/dev/null 2>"$tmp/err"; rc=$?
check index-on-binary-file "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q 'neither an index nor a shards file' '$tmp/err'"
printf '%s\n' "$I" >"$tmp/shards"
check shards-file-still-read "$("$S" --index "$tmp/shards" --count 四风 2>&1)" \
    [ "$("$S" --index "$tmp/shards" --count 四风 2>&1)" = "$(s --count 四风)" ]
s --count --files 四风 >"$tmp/out" 2>"$tmp/err"; rc=$?
check count-files-conflict "rc=$rc out=$(cat "$tmp/out") $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && [ ! -s '$tmp/out' ] && grep -q -- '--count and --files exclude each other' '$tmp/err'"
s --json --jsonl 四风 >"$tmp/out" 2>"$tmp/err"; rc=$?
check json-jsonl-conflict "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q -- '--json and --jsonl exclude each other' '$tmp/err' &&
           jq -e '.error.code == \"bad_option\"' '$tmp/out' >/dev/null"

all=$(s --files 风)
n_all=$(printf '%s\n' "$all" | grep -c .)
check files-all-without-n "$all" [ "$n_all" -ge 2 ]
check files-n "$(s --files -n 1 风)" [ "$(s --files -n 1 风)" = "$(printf '%s\n' "$all" | sed -n 1p)" ]
check files-offset "$(s --files -n 1 --offset 1 风)" \
    [ "$(s --files -n 1 --offset 1 风)" = "$(printf '%s\n' "$all" | sed -n 2p)" ]
check files-offset-past-end "$(s --files --offset 100 风)" [ -z "$(s --files --offset 100 风)" ]
check files-json-n "$(s --files --json -n 1 风)" \
    [ "$(s --files --json -n 1 风 | jq -r '.files | length')" = 1 ]
check files-n-zero "$(s --files -n 0 风)" [ -z "$(s --files -n 0 风)" ]
# the text phase's last match fills -n 1; the thesaurus phase must not add
# a second file
check files-n-across-phases "all: $(s --files 好人主义 | tr '\n' ' ') -n 1: $(s --files -n 1 好人主义 | tr '\n' ' ')" \
    sh -c "[ \"\$(\"$S\" --index '$I' --files 好人主义 | grep -c .)\" = 2 ] &&
           [ \"\$(\"$S\" --index '$I' --files -n 1 好人主义 | grep -c .)\" = 1 ]"

s --exact --json 好人主义 >"$tmp/out" 2>"$tmp/err"; rc=$?
check word-across-forced-cut "rc=$rc $(jq -c '[.results[] | [.line_start, .column]]' "$tmp/out")" \
    sh -c "[ $rc = 0 ] && jq -e '.results | length == 1 and .[0].line_start == 2 and
                                 (.[0].text | contains(\"好人主义\"))' '$tmp/out' >/dev/null"
col=$(jq '.results[0].column' "$tmp/out")
check forced-cut-column-on-the-line "column $col" \
    sh -c "tail -n 1 '$tmp/docs/长行.txt' | tail -c +$col | grep -q '^学'"

# an exact query (words of one or two characters, no topic): --count takes the
# heading phase from the index alone, and must agree with what is shown
s --json --all -n 100000 风 -问题 >"$tmp/out"
check minus-word-heading-phase-exact "$(jq -c '[.results[] | [.via, .text]]' "$tmp/out")" \
    sh -c "jq -e '[.results[] | select(.text | contains(\"问题\"))] | length == 0' '$tmp/out' >/dev/null"
n=$(jq '.results | length' "$tmp/out")
check count-heading-phase-exact "--count $(s --count 风 -问题), shown $n" \
    [ "$(s --count 风 -问题)" = "$n" ]
n=$(s --json --all -n 100000 风 | jq '.results | length')
check count-heading-phase-exact-plain "--count $(s --count 风), shown $n" [ "$(s --count 风)" = "$n" ]
check files-n-0 "$(s --files -n 0 风)" [ -z "$(s --files -n 0 风)" ]
