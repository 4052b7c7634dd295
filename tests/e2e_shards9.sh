#!/bin/sh
# e2e_shards9.sh — what a served shard costs its server (issue 18 point 4,
# second pass).  A --servable full build is one database, the base with the
# run's records in it: xapian-tcpsrv opens the index's stub, and an empty
# live database beside the base cost it on every term of every search.  An
# update in place still works on it (a changed file's old passages hidden,
# a removed file gone, the new text found) and ranks as main's two
# databases did.
# Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset NO_COLOR MZSEARCH_INDEX
export XDG_DATA_HOME="$tmp/xdg"

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
exit 0
