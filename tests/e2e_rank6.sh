#!/bin/sh
# e2e_rank6.sh — ranking targets (issue 16, sixth pass): a rule's purpose
# clause (为了…，制定本条例) and its principles clause of the topic (…应当坚持
# …原则) come after the articles that say what is done; one item of a rule's
# list of acts (…等官僚主义行为；) is led by all of it; the words leading a
# sub-point inside a paragraph (…。二是谈心谈话开展不经常) lead it.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
rank_fixture sixth
j() { "$S" --index "$I" --json -n 100 "$@"; }
rank_of() { # QUERY TEXT: the rank of the result holding TEXT (none: 0)
    j "$1" | jq -r --arg t "$2" \
        '[.results[] | select(.text | contains($t)) | .rank] | first // 0'; }

# 人居环境: the article on the coordination and the yearly check (第四条)
# before the purpose clause (第一条 为了改善本市农村人居环境…制定本条例) and
# the principles clause (第三条 农村人居环境整治应当坚持…原则), both led by
# the words, both saying only what the whole rule is about
d=$(rank_of 人居环境 工作协调机制) p=$(rank_of 人居环境 制定本条例)
r=$(rank_of 人居环境 建管并重)
check purpose-clause-after-duty "duty $d, purpose $p" test "$d" -gt 0 -a "$d" -lt "$p"
check principles-clause-after-duty "duty $d, principles $r" test "$d" -gt 0 -a "$d" -lt "$r"
# 官僚主义: the item of the list of acts that ends naming it (…层层加码等
# 官僚主义行为；) before the article that names it among the things an
# appraisal covers
a=$(rank_of 官僚主义 层层加码) b=$(rank_of 官僚主义 作风评议)
check acts-item-led "item $a, appraisal $b" test "$a" -gt 0 -a "$a" -lt "$b"

# 谈心谈话: the paragraph whose sub-point 二是 opens with it (二是谈心谈话
# 开展不经常) before the one that names it in passing (会后开展谈心谈话)
s=$(rank_of 谈心谈话 二是谈心谈话) o=$(rank_of 谈心谈话 会后开展谈心谈话)
check sub-point-leads "sub-point $s, passing $o" test "$s" -gt 0 -a "$s" -lt "$o"
