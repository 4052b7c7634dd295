#!/bin/sh
# e2e_shards9.sh — what a served shard costs its server (issue 18 point 4,
# second pass).  A --servable full build is one database, the base with the
# run's records in it: xapian-tcpsrv opens the index's stub, and an empty
# live database beside the base cost it on every term of every search.  An
# update in place still works on it (a changed file's old passages hidden,
# a removed file gone, the new text found) and ranks as main's two
# databases did.
# A glob (-g) over shards, one of them served, reads the files of its
# candidates ahead in one search, not with a round trip to the server for
# each (tests/shard_proxy.py counts the requests).
# Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset NO_COLOR MZSEARCH_INDEX
export XDG_DATA_HOME="$tmp/xdg"
tcpsrv_cleanup  # the xapian-tcpsrv servers stopped at exit (lib.sh)

# sample: the sample materials and 8 registers (enough files that an
# update of two is made in place, not by a full build)
sample() {
    cp -R "$here/sample" "$1"
    for i in 1 2 3 4 5 6 7 8; do register "$1/来信登记$i.txt"; done
}
D="$tmp/d"
sample "$D"
"$M" --index "$tmp/sv" -q --servable "$D"
# dbs INDEX: how many databases the index's stub names
dbs() { grep -c '^auto ' "$1/XAPIANDB"; }
one_db() { [ "$(dbs "$1")" = 1 ] && index_checks "$1"; }
check shards9-servable-one-database \
    "a --servable build's stub names $(dbs "$tmp/sv") databases (or xapian-check fails): $(tr '\n' ' ' <"$tmp/sv/XAPIANDB")" \
    one_db "$tmp/sv"

# an update in place on it: one file changed, one removed (too few for a
# full build); the stub still names the one database, written in place
live=$(sed -n 's/^auto //p' "$tmp/sv/XAPIANDB")
sed -i 's/好人主义倾向/老好人思想倾向/' "$D/班子对照检查材料.txt"
rm "$D/学习心得.txt"
"$M" --index "$tmp/sv" -q
# the same files indexed afresh, then changed the same way: the tombstones
# of an update keep the removed passages in the statistics, so the
# reference has the same history (a plain index: a base and a live one)
sample "$tmp/d2"
"$M" --index "$tmp/pl" -q "$tmp/d2"
sed -i 's/好人主义倾向/老好人思想倾向/' "$tmp/d2/班子对照检查材料.txt"
rm "$tmp/d2/学习心得.txt"
"$M" --index "$tmp/pl" -q
results() { "$S" --index "$1" --json -n 50 "$2" | jq -r --arg d "$3" \
    '"\(.total)", (.results[] | "\(.path | ltrimstr($d)):\(.line_start) \(.score * 1e9 | round)")'; }
bad=
for q in 好人主义 老好人思想 学习 批评 整改 斗争; do
    [ "$(results "$tmp/sv" $q "$D")" = "$(results "$tmp/pl" $q "$tmp/d2")" ] || bad="$bad $q"
done
new=$("$S" --index "$tmp/sv" --count 老好人思想)
old=$("$S" --index "$tmp/sv" --count 好人主义倾向)
gone=$("$S" --index "$tmp/sv" --files 学习 | grep -c 学习心得)
check shards9-servable-update "after an update in place: differs from a plain index on:$bad; new text $new passages, old text $old, removed file $gone; stub: $(tr '\n' ' ' <"$tmp/sv/XAPIANDB") (was $live)" \
    [ -z "$bad" -a "$new" = 1 -a "$old" = 0 -a "$gone" = 0 -a \
      "$(dbs "$tmp/sv")" = 1 -a "$(sed -n 's/^auto //p' "$tmp/sv/XAPIANDB")" = "$live" ]

# ---- a glob over shards, one served behind a relay that counts requests
G="$tmp/g"
python3 "$here/../bench/gencorpus.py" --scale 4 --seed 3 --out "$G" "$here/sample" >/dev/null ||
    { no shards9-corpus "gencorpus failed"; exit 0; }
"$M" --index "$tmp/one" -q "$G"/20*
"$M" --index "$tmp/s1" -q --servable "$G"/2001 "$G"/2002
"$M" --index "$tmp/s2" -q "$G"/2003 "$G"/2004
if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
    echo "ok shards9-glob-requests # SKIP xapian-tcpsrv is not installed (package xapian-tools; make deps installs it)"
    exit 0
fi
# serve INDEX: xapian-tcpsrv (lib.sh tcpsrv_start) behind the relay, the
# relay's URL in $url.
serve() {
    tcpsrv_start "$1" || return 1
    _srv=${url##*:}
    url=
    python3 "$here/shard_proxy.py" "$tmp/relay.port" "$tmp/relay.log" "$_srv" &
    srvs="$srvs $!"
    for w in $(seq 1 20); do
        [ -s "$tmp/relay.port" ] && { url="tcp://127.0.0.1:$(cat "$tmp/relay.port")"; return 0; }
        sleep 0.1
    done
    return 1
}
serve "$tmp/s1"
if [ -z "$url" ]; then
    no shards9-servers "xapian-tcpsrv or the relay did not start: $(cat "$tmp/srv.log")"
    exit 0
fi
# asks ARGS...: the requests the server got for one search over the shards
asks() {
    : >"$tmp/relay.log"
    "$S" --index "$url" --index "$tmp/s2" --json "$@" >"$tmp/asks.json"
    for w in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        [ -s "$tmp/relay.log" ] && break
        sleep 0.1
    done
    cut -d' ' -f3 "$tmp/relay.log"
}
places() { jq -r '.results[] | "\(.path):\(.line_start) \(.score * 1e9 | round)"' "$@"; }
plain=$(asks 问题)
glob=$(asks -g '*.md' 问题)
"$S" --index "$tmp/one" --json -g '*.md' 问题 >"$tmp/one.json"
check shards9-glob-requests "a glob over the shards: $glob requests to the server, $plain without it (main: one more for each file looked up); results as one index: $(places "$tmp/one.json" | wc -l) vs $(places "$tmp/asks.json" | wc -l)" \
    [ -n "$glob" -a -n "$plain" -a "$glob" -le $((plain + 2)) -a \
      "$(places "$tmp/one.json")" = "$(places "$tmp/asks.json")" -a -n "$(places "$tmp/one.json")" ]

# ---- a long run of equal scores at a page's cut, over a served shard whose
# matches lie far apart (after a thousand others) and a local one that has
# them close: each page is the one index's (the head of the run is read
# for both shards, and the served one's on its own when the read may have
# missed it), the shards' own passages in the order the shards are given
R="$tmp/r"
mkdir -p "$R/a" "$R/b"
awk 'BEGIN { for (i = 1; i <= 1000; i++) printf "第%d项，办理群众来信%d件，按期答复。\n\n", i, i
             for (i = 1; i <= 50; i++) printf "第%d项，落实作风建设要求，办理来信%d件。\n\n", i, i }' >"$R/a/登记.txt"
awk 'BEGIN { for (i = 1; i <= 1500; i++) printf "第%d项，落实作风建设要求，办理来信%d件。\n\n", i, i }' >"$R/b/登记.txt"
"$M" --index "$tmp/ra" -q --servable "$R/a"
"$M" --index "$tmp/rb" -q "$R/b"
"$M" --index "$tmp/rone" -q "$R/a" "$R/b"
stop_servers
: >"$tmp/relay.port"
rm -f "$tmp/relay.port"
serve "$tmp/ra"
page() { "$S" --json --all -n 20 "$@" 作风建设 |
    jq -r '.results[] | "\(.path):\(.line_start) \(.score * 1e9 | round)"'; }
bad=
for off in 0 40 60 1000 1530; do
    want=$(page --index "$tmp/rone" --offset $off); got=$(page --index "$url" --index "$tmp/rb" --offset $off)
    [ -n "$want" -a "$want" = "$got" ] || bad="$bad $off"
done
check shards9-tie-heads "pages of a long run of equal scores over a served and a local shard differ from one index's at offsets:$bad" \
    [ -n "$url" -a -z "$bad" ]
exit 0
