#!/bin/sh
# e2e_shards.sh — one search over several indexes.  The sample materials
# (and a near copy of one) are indexed as two shards; searched together —
# local + local, through a shards file, local + remote (xapian-tcpsrv) —
# they must answer as one index built over all the files: the same results
# with the same scores, the same JSON, text, counts, files, thesaurus
# phases, near-copy folding and --similar.  Passages of equal score may come
# in another order (Xapian breaks ties by docid, and docids interleave
# across shards), so each run of equal (via, score) is compared sorted; a
# single character is checked for the same passages (see SINGLE).  Errors:
# a bad URL, a path that is not an index, a shard named twice, a shard that
# is down.  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset NO_COLOR MZSEARCH_INDEX
export XDG_DATA_HOME="$tmp/xdg"   # never the user's own index
# xapian-tcpsrv answers SIGTERM by sending it to its whole process group —
# this script and the runner too: it is stopped with SIGKILL.
srv=
stop_server() { [ -z "$srv" ] || { kill -KILL "$srv" 2>/dev/null; wait "$srv" 2>/dev/null; }; srv=; }
trap 'exit 2' INT TERM HUP
trap 'stop_server; rm -rf "$tmp"' EXIT

# The same files (same paths) as one index and as two shards.
D="$tmp/d"
cp -R "$here/sample" "$D"
sed 's/怕得罪人/担心得罪人/; s/碍于情面/顾及情面/' "$D/班子对照检查材料.txt" >"$D/班子对照检查材料-副本.txt"
"$M" --index "$tmp/all" -q "$D"
"$M" --index "$tmp/ia" -q --servable "$D/班子对照检查材料.txt" "$D/学习心得.txt" "$D/会议纪要-gbk.txt"
"$M" --index "$tmp/ib" -q "$D/发言提纲.md" "$D/整治方案-bom.txt" "$D/谈话记录.txt" \
    "$D/班子对照检查材料-副本.txt"
na=$("$M" --index "$tmp/ia" --status --json | jq .passages)
nb=$("$M" --index "$tmp/ib" --status --json | jq .passages)
nall=$("$M" --index "$tmp/all" --status --json | jq .passages)
split_ok() { [ "$na" -gt 0 ] && [ "$nb" -gt 0 ] && [ $((na + nb)) = "$nall" ]; }
check shards-split "$na + $nb passages, one index $nall" split_ok

# same WANT GOT: equal and not empty; why WANT GOT: where they differ
same() { [ -n "$1" ] && [ "$1" = "$2" ]; }
why() {
    printf '%s\n' "$1" >"$tmp/want"; printf '%s\n' "$2" >"$tmp/got"
    echo "want - got +: $(diff "$tmp/want" "$tmp/got" | grep '^[<>]' | head -n 4 |
        sed 's/^</-/; s/^>/+/' | tr '\n' ' ' | cut -c1-800)"
}

# norm: a --json document without elapsed_ms, then its results without
# rank, one a line, each run of equal (via, score) sorted by path and line.
# Scores are kept to 1e-9: the shards add a passage's term weights up in
# another order, which can change the last bit.
norm() {
    jq -cS 'del(.elapsed_ms) | (del(.results), ([.results[] | del(.rank) | .score |= (. * 1e9 | round)]
        | reduce .[] as $r ({b: 0, prev: null, out: []};
            (if [$r.via, $r.score] == .prev then . else .b += 1 | .prev = [$r.via, $r.score] end)
            | .out += [[.b, $r.path, $r.line_start, $r]])
        | .out | sort | .[][3]))'
}
# groups: the near-copy groups of a --json document, each as its sorted
# places, sorted (which copy a group shows depends on the order of ties).
groups() {
    jq -c '[.results[] | [[.path, .line_start]] + [.also_in[] | [.path, .line_start]] | sort] | sort'
}
# blocks: text output with the results (blank-line separated) sorted.
blocks() { awk 'BEGIN { RS = ""; ORS = "\n" } { gsub(/\n/, "\\n"); print }' | sort; }

QUERIES="作风 好人主义 意识形态 圈子文化 四风|形式主义 好人主义|OR|圈子文化 四风 问题|-作风"
# A single character is searched as a synonym of the terms it starts, and
# Xapian 1.4 weighs a synonym with a frequency estimated in each shard from
# the terms that shard holds: the same passages match, but scores (so the
# order) can differ from one index's when a shard lacks some of the terms.
SINGLE="风 的"
one() { "$S" --index "$tmp/all" --color=never "$@"; }

# same_as_one LABEL INDEX-ARGS...: every check, the shards against one index.
# Near copies are compared with --all (which copy a group shows depends on
# the order of ties) and their folding on its own.
same_as_one() {
    label=$1; shift
    for q in $QUERIES; do
        set -f; qa=$(printf '%s' "$q" | tr '|' ' '); set +f
        # shellcheck disable=SC2086
        want=$(one --all --json -n 1000 $qa | norm); got=$("$S" "$@" --all --json -n 1000 $qa | norm)
        [ "$(printf '%s\n' "$want" | wc -l)" -gt 1 ] || got="(no results: a broken test)"
        check "$label-json-$q" "$(why "$want" "$got")" same "$want" "$got"
    done
    for q in $SINGLE; do
        want=$(one --all --json -n 1000 "$q" | jq -r '.results[] | "\(.via) \(.path):\(.line_start)"' | sort)
        got=$("$S" "$@" --all --json -n 1000 "$q" | jq -r '.results[] | "\(.via) \(.path):\(.line_start)"' | sort)
        check "$label-single-$q" "$(why "$want" "$got")" same "$want" "$got"
        want=$(one --count "$q"); got=$("$S" "$@" --count "$q")
        check "$label-count-$q" "$(why "$want" "$got")" same "$want" "$got"
    done
    for q in 好人主义 作风 意识形态; do
        want=$(one --exact --all --json -n 1000 "$q" | norm); got=$("$S" "$@" --exact --all --json -n 1000 "$q" | norm)
        check "$label-exact-$q" "$(why "$want" "$got")" same "$want" "$got"
        want=$(one --count "$q"); got=$("$S" "$@" --count "$q")
        check "$label-count-$q" "$(why "$want" "$got")" same "$want" "$got"
        want=$(one --files -n 1000 "$q" | sort); got=$("$S" "$@" --files -n 1000 "$q" | sort)
        check "$label-files-$q" "$(why "$want" "$got")" same "$want" "$got"
        want=$(one --all -n 1000 "$q" | blocks); got=$("$S" "$@" --all --color=never -n 1000 "$q" | blocks)
        check "$label-text-$q" "$(why "$want" "$got")" same "$want" "$got"
    done
    # near copies: a copy in each shard is folded into one result
    want=$(one --exact --json 好人主义 | groups); got=$("$S" "$@" --exact --json 好人主义 | groups)
    [ "$(printf '%s' "$want" | jq 'map(length) | max')" = 2 ] || got="(no group of copies: a broken test)"
    check "$label-near-copies-folded" "$(why "$want" "$got")" same "$want" "$got"
    want=$(one --exact --all --json -n 1000 好人主义 | norm)
    got=$("$S" "$@" --exact --all --json -n 1000 好人主义 | norm)
    check "$label-all-copies" "$(why "$want" "$got")" same "$want" "$got"
    draft="开展批评时碍于情面，存在好人主义倾向，对身边的圈子文化苗头没有及时制止。"
    want=$(printf '%s\n' "$draft" | one --similar - --all --json -n 1000 | norm)
    got=$(printf '%s\n' "$draft" | "$S" "$@" --similar - --all --json -n 1000 | norm)
    check "$label-similar" "$(why "$want" "$got")" same "$want" "$got"
    # sections and snippets (on a terminal) come from the stored passage,
    # wherever it is
    got=$(on_tty "$S" "$@" --exact --color=never 斗争精神 | head -n 2 | tr '\n' '|')
    want="$D/班子对照检查材料.txt:9: 一、存在的主要问题 › （二）斗争精神不强|"
    want="$want  （二）【斗争精神】不强。开展批评时碍于情面，存在好人主义倾向，对身边的圈子文化苗头没有及时制止。|"
    check "$label-section-snippet" "$(why "$want" "$got")" same "$want" "$got"
}

# ---- local + local ---------------------------------------------------------------
same_as_one local --index "$tmp/ia" --index "$tmp/ib"

# ---- a shards file: comments, blank lines, paths relative to its folder ------------
mkdir -p "$tmp/conf"
printf '# the two halves of the archive\n\n../ia\n  %s/ib   # the rest\n' "$tmp" >"$tmp/conf/shards"
same_as_one file --index "$tmp/conf/shards"
got=$("$S" --index "$tmp/conf" --count 好人主义); want=$(one --count 好人主义)
check file-in-folder "$(why "$want" "$got")" same "$want" "$got"
got=$(MZSEARCH_INDEX="$tmp/conf/shards" "$S" --count 好人主义)
check file-from-env "$(why "$want" "$got")" same "$want" "$got"
mkdir -p "$XDG_DATA_HOME/mzsearch"
printf '%s/ia\n%s/ib\n' "$tmp" "$tmp" >"$XDG_DATA_HOME/mzsearch/shards"
got=$("$S" --count 好人主义)
check file-at-default-location "$(why "$want" "$got")" same "$want" "$got"
# an index folder holding a shards file: "." is the folder's own index
cp -R "$tmp/ia" "$tmp/ic"
printf '.\n../ib\n' >"$tmp/ic/shards"
got=$("$S" --index "$tmp/ic" --count 好人主义)
check file-dot-own-index "$(why "$want" "$got")" same "$want" "$got"
# a thesaurus.txt beside the shards file adds topics
printf '甲乙丙 = 圈子文化\n' >"$tmp/conf/thesaurus.txt"
got=$("$S" --index "$tmp/conf/shards" --json 甲乙丙 | jq -r '[.results[].via] | unique | join(" ")')
check file-thesaurus "$got" [ "$got" = thesaurus ]

# ---- errors ----------------------------------------------------------------------
# err_is NAME CODE MESSAGE ARGS...: status 2, exactly MESSAGE on stderr, and
# under --json the error object with CODE
err_is() {
    _n=$1 _c=$2 _m=$3; shift 3
    "$S" "$@" 好人主义 >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ "$rc" = 2 ] && [ "$(cat "$tmp/err")" = "$_m" ] && [ ! -s "$tmp/out" ]; then ok "$_n"
    else no "$_n" "rc=$rc [$(cat "$tmp/err")] want [$_m]"; fi
    "$S" --json "$@" 好人主义 >"$tmp/out" 2>/dev/null; rc=$?
    if [ "$rc" = 2 ] && jq -e --arg c "$_c" '.error.code == $c' "$tmp/out" >/dev/null 2>&1; then ok "$_n-json"
    else no "$_n-json" "rc=$rc $(cat "$tmp/out")"; fi
}
err_is bad-url bad_option "mzsearch: --index tcp://x: expected tcp://HOST:PORT" --index tcp://x
err_is bad-url-port bad_option "mzsearch: --index tcp://h:99999: expected tcp://HOST:PORT" \
    --index "$tmp/ia" --index tcp://h:99999
printf '%s/ia\ntcp://nohost\n' "$tmp" >"$tmp/bad-shards"
err_is bad-url-in-file bad_option "mzsearch: $tmp/bad-shards:2: tcp://nohost: expected tcp://HOST:PORT" \
    --index "$tmp/bad-shards"
err_is not-an-index no_index "mzsearch: $D is not an index; build it with mzindex --index $D DIR, or leave it out" \
    --index "$tmp/ia" --index "$D"
printf '%s/ia\nnowhere\n' "$tmp" >"$tmp/conf/missing"
err_is not-an-index-in-file no_index "mzsearch: $tmp/conf/missing:2: $tmp/conf/nowhere is not an index; build it with mzindex --index $tmp/conf/nowhere DIR, or leave it out" \
    --index "$tmp/conf/missing"
err_is named-twice bad_option "mzsearch: $tmp/ia is named twice (--index and --index); name each shard once" \
    --index "$tmp/ia" --index "$tmp/ia"
printf '# nothing yet\n' >"$tmp/empty-shards"
err_is empty-shards-file no_index "mzsearch: the shards file $tmp/empty-shards lists no shards; add index folders or tcp://HOST:PORT lines to it" \
    --index "$tmp/empty-shards"

# ---- local + remote (xapian-tcpsrv) ------------------------------------------------
if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
    ok "shards-remote skipped: xapian-tcpsrv not installed"
    exit 0
fi
# A free port: try one; xapian-tcpsrv exits when it cannot listen on it.
# It is up when a search for a word in no passage answers (no document is
# read for that).
port=
for try in 1 2 3 4 5 6 7 8 9 10; do
    p=$((20000 + ($$ * 31 + try * 7919) % 40000))
    xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$p" "$tmp/ia" >"$tmp/srv.log" 2>&1 &
    srv=$!
    for wait in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
        kill -0 "$srv" 2>/dev/null || break
        "$S" --index "tcp://127.0.0.1:$p" --count 无此词语 >/dev/null 2>&1
        [ $? = 1 ] && { port=$p; break; }
        sleep 0.1
    done
    [ -n "$port" ] && break
    stop_server
done
if [ -z "$port" ]; then
    no shards-remote-server "xapian-tcpsrv did not start: $(cat "$tmp/srv.log")"
    exit 0
fi
R="tcp://127.0.0.1:$port"
printf '%s  # the first half, served\n../ib\n' "$R" >"$tmp/conf/shards"
# Xapian 1.4's xapian-tcpsrv reads a document through the database's term
# lists: the served shard was built with --servable to keep them.
same_as_one remote --index "$R" --index "$tmp/ib"
same_as_one remote-file --index "$tmp/conf/shards"
# one built without them cannot give its passages; that is said, with the fix
# (the server opens the index folder anew for each connection)
"$M" --index "$tmp/ns" -q "$D/班子对照检查材料.txt"
rm -rf "$tmp/ia"/* && cp -R "$tmp/ns"/* "$tmp/ia"/
"$S" --index "$R" 好人主义 >/dev/null 2>"$tmp/err"; rc=$?
if [ "$rc" = 2 ] && grep -q 'mzindex --rebuild --servable' "$tmp/err"; then
    ok remote-without-term-lists; else no remote-without-term-lists "rc=$rc $(cat "$tmp/err")"; fi
# a shard that is down: the error names it and how to start it
stop_server
err_is shard-down shard_down "mzsearch: cannot reach the shard $R: Couldn't connect (Connection refused); start it there with xapian-tcpsrv --port $port --interface 127.0.0.1 INDEX, or leave it out" \
    --index "$tmp/ib" --index "$R"
err_is shard-down-in-file shard_down "mzsearch: $tmp/conf/shards:1: cannot reach the shard $R: Couldn't connect (Connection refused); start it there with xapian-tcpsrv --port $port --interface 127.0.0.1 INDEX, or leave it out" \
    --index "$tmp/conf/shards"
exit 0
