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
