#!/bin/sh
# e2e_shards_scale.sh — four shards, two of them behind xapian-tcpsrv, rank
# as one index.  A corpus generated from the sample materials (twelve year
# folders of new text, bench/gencorpus.py) is indexed once and as four
# shards of three years each; the first two shards are served by
# xapian-tcpsrv on free loopback ports.  For each search — plain words, a
# thesaurus topic, --exact, OR and -word, filters — the --json totals and
# result lists (path, line, score to 1e-9, via, in order) must be the ones
# of the one index.  Many passages of these searches share a score, more
# than one search reads into its ranking pool: the shards must pick and
# order them as the one index does (the shards' own passages in the order
# the shards are given, then each shard's order: mzx_db_own), not by where
# they sit in each shard.
# Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset NO_COLOR MZSEARCH_INDEX
export XDG_DATA_HOME="$tmp/xdg"
tcpsrv_cleanup  # the xapian-tcpsrv servers stopped at exit (lib.sh)

G="$tmp/g"
python3 "$here/../bench/gencorpus.py" --scale 12 --seed 3 --out "$G" "$here/sample" >/dev/null ||
    { no shards-scale-corpus "gencorpus failed"; exit 0; }
"$M" --index "$tmp/one" -q "$G"/20*
"$M" --index "$tmp/s1" -q --servable "$G"/2001 "$G"/2002 "$G"/2003
"$M" --index "$tmp/s2" -q --servable "$G"/2004 "$G"/2005 "$G"/2006
"$M" --index "$tmp/s3" -q "$G"/2007 "$G"/2008 "$G"/2009
"$M" --index "$tmp/s4" -q "$G"/2010 "$G"/2011 "$G"/2012
passages() { "$M" --index "$1" --status --json | jq .passages; }
n1=$(passages "$tmp/s1") n2=$(passages "$tmp/s2") n3=$(passages "$tmp/s3") n4=$(passages "$tmp/s4")
none=$(passages "$tmp/one")
check shards-scale-split "$n1+$n2+$n3+$n4 passages, one index $none" \
    [ "$n1" -gt 0 -a "$n2" -gt 0 -a "$n3" -gt 0 -a "$n4" -gt 0 -a $((n1 + n2 + n3 + n4)) = "$none" ]

if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
    echo "ok shards-scale-remote # SKIP xapian-tcpsrv is not installed (package xapian-tools; make deps installs it)"
    exit 0
fi
tcpsrv_start "$tmp/s1"; R1=$url
tcpsrv_start "$tmp/s2"; R2=$url
if [ -z "$R1" ] || [ -z "$R2" ]; then
    no shards-scale-servers "xapian-tcpsrv did not start: $(cat "$tmp/srv.log")"
    exit 0
fi
SH="--index $R1 --index $R2 --index $tmp/s3 --index $tmp/s4"

# results ARGS...: each result as path:line score via, in order.  (Not the
# total: past the few hundred candidates a search counts, it is an
# estimate, and Xapian estimates it over several databases otherwise.)
results() {
    "$S" --json -n 30 "$@" | jq -r '.results[] |
        "\(.path):\(.line_start) \(.score * 1e9 | round) \(.via)"'
}
why() {
    printf '%s\n' "$1" >"$tmp/want"; printf '%s\n' "$2" >"$tmp/got"
    echo "one index - shards +: $(diff "$tmp/want" "$tmp/got" | grep '^[<>]' | head -n 4 |
        sed "s|$G/||g; s/^</-/; s/^>/+/" | tr '\n' ' ' | cut -c1-600)"
}
# same NAME ARGS...: the shards' results are the one index's (and there are
# more than the pool holds of one phase, for the words that do)
same() {
    _n=$1; shift
    want=$(results --index "$tmp/one" "$@"); got=$(results $SH "$@")
    if [ "$(printf '%s\n' "$want" | wc -l)" -lt 2 ]; then no "$_n" "no results: a broken test"
    elif [ "$want" = "$got" ]; then ok "$_n"
    else no "$_n" "$(why "$want" "$got")"; fi
}
# a pool's worth: these words match more passages than one phase pools (50)
many=$("$S" --index "$tmp/one" --count 问题)
check shards-scale-corpus-big-enough "问题: $many passages" [ "$many" -gt 100 ]

same shards-scale-word 问题
same shards-scale-word-2 作风
same shards-scale-phrase 意识形态
same shards-scale-and 问题 整改
same shards-scale-or 形式主义 OR 官僚主义
same shards-scale-not 问题 -作风
same shards-scale-topic 四风
same shards-scale-topic-2 好人主义
same shards-scale-exact --exact 四风
same shards-scale-exact-2 --exact 问题
same shards-scale-kind --kind problems 问题
same shards-scale-type --type group 作风
same shards-scale-genre --genre review 问题
same shards-scale-path --path "$G/2003" --path "$G/2011/materials/d000001.md" 问题
same shards-scale-char 风
same shards-scale-offset --offset 20 问题
# ties come in the order the shards are given: given the other way round,
# as in one index of their folders in that order (not as in the first)
"$M" --index "$tmp/rev" -q "$G"/2010 "$G"/2011 "$G"/2012 "$G"/2007 "$G"/2008 \
    "$G"/2009 "$G"/2004 "$G"/2005 "$G"/2006 "$G"/2001 "$G"/2002 "$G"/2003
for q in 问题 作风; do
    want=$(results --index "$tmp/rev" $q); got=$(results --index "$tmp/s4" --index "$tmp/s3" --index "$R2" --index "$R1" $q)
    check "shards-scale-reversed-$q" "$(why "$want" "$got")" \
        [ -n "$want" -a "$want" = "$got" -a "$want" != "$(results --index "$tmp/one" $q)" ]
done
# files and counts
want=$("$S" --index "$tmp/one" --files -n 1000 作风 | sort); got=$("$S" $SH --files -n 1000 作风 | sort)
check shards-scale-files "$(why "$want" "$got")" [ -n "$want" -a "$want" = "$got" ]
for q in 作风 问题 四风; do
    want=$("$S" --index "$tmp/one" --count $q); got=$("$S" $SH --count $q)
    check shards-scale-count-$q "$(why "$want" "$got")" [ "$want" = "$got" ]
done
want=$("$S" --index "$tmp/one" --count -g 'd00000[0-2].md' 问题); got=$("$S" $SH --count -g 'd00000[0-2].md' 问题)
check shards-scale-count-glob "$(why "$want" "$got")" [ "$want" = "$got" ]
# a glob's page over shards holds as many passages as one index's (the
# shards check the glob match by match: a pool phase reads on until a
# batch's worth is in scope)
for g in 'd00000[0-2].md'; do
    want=$(results --index "$tmp/one" -g "$g" 问题 | sort); got=$(results $SH -g "$g" 问题 | sort)
    check "shards-scale-glob-page-$g" "$(why "$want" "$got")" \
        [ "$(printf '%s\n' "$want" | wc -l)" -gt 1 -a "$(printf '%s\n' "$want" | cut -d' ' -f1)" = "$(printf '%s\n' "$got" | cut -d' ' -f1)" ]
done
exit 0
