#!/bin/sh
# e2e_lat4.sh — the cost of one search, fourth pass (issues 17, 18): the
# learned words' n-grams are counted in a table of slots that point into
# the n-grams, each n-gram's hash carried on from the one a character
# shorter, and the n-grams a character shorter that each one begins and
# ends with are noted as it is first met (no look-ups afterwards); a hit's
# sense looks up the words after the hit only when a word could take one
# of its edges.  What a user sees must not change: the words learned for a
# topic the thesaurus does not know (a piece of a longer phrase is not
# one: 理想信念 of 把好理想信念关, 工作作风 of 狠抓工作作风, whichever
# side the phrase goes on), from passages with enough different n-grams
# that the table grows twice; the same from the server; and the sense of
# hits whose words run on past them.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset MZSEARCH_INDEX NO_COLOR
export XDG_DATA_HOME="$tmp/xdg"
D="$tmp/d" I="$tmp/i"
mkdir -p "$D"
cp "$here/fixtures/rank/learn4/"*.txt "$D/"
# a register of 1000 lines: the topic's words rare in the index
awk 'BEGIN { for (i = 1; i <= 1000; i++)
    printf "第%d项，办理群众来信%d件，按期答复。\n", i, i }' >"$D/来信登记.txt"
"$M" --index "$I" -q "$D"

learned() { # the learned words of 学习周's page, one line
    "$S" --index "$I" --json -n 30 -- 学习周 |
        jq -r '[.results[] | select(.via == "learned") | .matched[]] | unique | join(" ")'
}
w=$(learned)
check lat4-learned-word "learned: [$w]" [ "$w" = "政治能力" ]
# 理想信念 always before 关 (its longer n-gram 理想信念关 takes every
# occurrence) and 工作作风 always after 抓: pieces of phrases, not learned
check lat4-piece-before-not-learned "learned: [$w]" sh -c "! printf '%s' '$w' | grep -q 理想信念"
check lat4-piece-after-not-learned "learned: [$w]" sh -c "! printf '%s' '$w' | grep -q 工作作风"
check lat4-learned-passage "" sh -c "'$S' --index '$I' --color=never -n 30 学习周 | grep -q '丁单位工作总结.txt:3: .*≈ learned: 政治能力'"

# the server learns the same words and sends what the command line prints
start_server "$I"
a=$("$S" --index "$I" --json -n 30 -- 学习周 | jq -c 'del(.elapsed_ms)')
b=$(curl -s -G --data-urlencode q=学习周 --data n=30 "$base/api/search" | jq -c 'del(.elapsed_ms)')
check lat4-served-same "" [ -n "$a" -a "$a" = "$b" ]
kill "$pid"
wait "$pid" 2>/dev/null

# the sense of a hit: a word across its first character (第八项 of
# 第八项规定 for 八项规定) or its last (生活必需品 for 组织生活) makes it
# another's; the words after the hit are looked up for both
D2="$tmp/d2" I2="$tmp/i2"
mkdir -p "$D2"
printf '采购组织生活必需品一批。\n' >"$D2/采购.txt"
printf '召开组织生活会，开展批评与自我批评。\n' >"$D2/会议.txt"
printf '违反本办法第八项规定的，责令改正。\n' >"$D2/办法.txt"
printf '严格落实中央八项规定精神。\n' >"$D2/通知.txt"
"$M" --index "$I2" -q "$D2"
senses() { # QUERY: "file:sense:word ..." of its page
    "$S" --index "$I2" --json -- "$1" |
        jq -r '[.results[] | (.path | sub(".*/"; "")) + ":" + .sense + ":" + (.sense_word // "")] | join(" ")'
}
v=$(senses 组织生活)
check lat4-sense-last-edge "results: [$v]" [ "$v" = "会议.txt:own: 采购.txt:other:生活必需品" ]
v=$(senses 八项规定)
check lat4-sense-first-edge "results: [$v]" [ "$v" = "通知.txt:own: 办法.txt:other:第八项" ]
