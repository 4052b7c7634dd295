#!/bin/sh
# e2e_cli11.sh — the command line's opening check (issue 18, session 8):
# mzsearch no longer reads every table's first and last leaves when it
# opens an index; it compares each table file's size with the blocks the
# database's version file (iamglass) records.  A user must still be told,
# in one line naming the fix, when a table was cut or lost, and a sound
# index must answer as before.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1
unset MZSEARCH_INDEX

run() { "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
lines() { grep -c . "$tmp/err"; }

# Three short materials, each with a register long enough that the base's
# posting table has several blocks; a full build (a read-only base and a
# live database with its own term list), then an update.
D="$tmp/docs"
mkdir -p "$D"
for i in 1 2 3; do
    {
        echo "第${i}季度作风建设情况通报"
        echo "一、基本情况"
        echo "本季度开展作风建设专项检查${i}次，发现形式主义问题若干。"
        awk -v q="$i" 'BEGIN { for (k = 1; k <= 400; k++)
            printf "第%d季度第%d号，走访基层单位%d个，收集意见%d条。\n", q, k, k % 37, k * 3 }'
    } >"$D/通报$i.txt"
done
I="$tmp/idx"
"$M" --index "$I" --quiet "$D"
echo "补充：整改台账已按期销号。" >>"$D/通报2.txt"
"$M" --index "$I" --quiet "$D"
base=$(sed -n 2p "$I/XAPIANDB" | sed 's/^auto //')
live=$(sed -n 1p "$I/XAPIANDB" | sed 's/^auto //')
want=$("$S" --index "$I" --count 形式主义)
check cli11-fixture "base [$base] live [$live] count [$want] base blocks [$(($(stat -c %s "$I/$base/postlist.glass") / 8192))]" \
    sh -c "[ -n '$base' ] && [ -f '$I/$live/termlist.glass' ] && [ '$want' = 3 ] &&
           [ $(stat -c %s "$I/$base/postlist.glass") -ge 40960 ]"

# copy DB FILE: a fresh copy of the index in $T, its DB/FILE at $F
copy() {
    T="$tmp/t"
    rm -rf "$T"
    cp -a "$I" "$T"
    F="$T/$1/$2"
}
damaged_line() { # the one line, naming the table and the fix
    [ $rc = 2 ] && [ "$(lines)" = 1 ] && [ ! -s "$tmp/out" ] &&
        grep -q "^mzsearch: the index at $T is damaged (.*$F $1); rebuild it with mzindex --index $T --rebuild\$" "$tmp/err"
}

# the base's posting table cut by one block (its last) and to half: the
# line names the file and what it lacks
for how in block half; do
    copy "$base" postlist.glass
    size=$(stat -c %s "$F")
    if [ $how = block ]; then cut=$((size - 8192)); else cut=$((size / 2)); fi
    truncate -s "$cut" "$F"
    run "$S" --index "$T" 形式主义
    check "cli11-cut-$how-named" "rc=$rc stdout [$(head -c 300 "$tmp/out")] stderr [$(cat "$tmp/err")]" \
        damaged_line "is cut short ($cut of $size bytes)"
    run "$S" --json --index "$T" 形式主义
    check "cli11-cut-$how-json" "rc=$rc stdout [$(head -c 300 "$tmp/out")]" \
        sh -c "[ $rc = 2 ] && jq -e '.error.code == \"index_damaged\" and (.error.message | contains(\"postlist.glass is cut short\"))' '$tmp/out' >/dev/null"
done

# the live database's term list gone: Xapian opens the index without it
# (a search never reads it), and the old check did not look for it, so a
# search answered as if nothing were wrong; the version file says the
# table was written
copy "$live" termlist.glass
rm -f "$F"
run "$S" --index "$T" 形式主义
check cli11-lost-table-named "rc=$rc stdout [$(head -c 300 "$tmp/out")] stderr [$(cat "$tmp/err")]" \
    damaged_line "is missing"
# and mzindex, which reads the tables, repairs the copy: then it answers again
"$M" --index "$T" --rebuild "$D" >/dev/null 2>&1
check cli11-lost-table-rebuilt "count [$("$S" --index "$T" --count 形式主义 2>&1)]" \
    sh -c "[ \"\$('$S' --index '$T' --count 形式主义)\" = '$want' ]"

# a table file longer than its blocks (a copy padded by a tool) is sound
copy "$base" postlist.glass
head -c 8192 /dev/zero >>"$F"
run "$S" --index "$T" --count 形式主义
check cli11-longer-file-sound "rc=$rc stdout [$(cat "$tmp/out")] stderr [$(cat "$tmp/err")]" \
    sh -c "[ $rc = 0 ] && [ \"\$(cat '$tmp/out')\" = '$want' ] && [ ! -s '$tmp/err' ]"

# a sound index answers as before, through a stub of one database too
run "$S" --index "$I" --json -n 5 形式主义
check cli11-sound-index "rc=$rc stderr [$(cat "$tmp/err")]" \
    sh -c "[ $rc = 0 ] && jq -e '.error == null and (.results | length) >= 1' '$tmp/out' >/dev/null"
copy "$base" postlist.glass
printf 'auto %s\n' "$base" >"$T/XAPIANDB"
truncate -s $(($(stat -c %s "$F") / 2)) "$F"
run "$S" --index "$T" 形式主义
check cli11-one-database-stub-cut "rc=$rc stderr [$(cat "$tmp/err")]" \
    sh -c "[ $rc = 2 ] && grep -q 'postlist.glass is cut short' '$tmp/err'"

# a stub the sizes check does not read (a "glass" line, not "auto"): the
# first and last leaves are read as before, and a cut table still shows
copy "$base" postlist.glass
printf 'glass %s\n' "$base" >"$T/XAPIANDB"
run "$S" --index "$T" --count 形式主义
check cli11-other-stub-sound "rc=$rc stdout [$(cat "$tmp/out")] stderr [$(cat "$tmp/err")]" \
    sh -c "[ $rc = 0 ] && [ -s '$tmp/out' ] && [ ! -s '$tmp/err' ]"
truncate -s $(($(stat -c %s "$F") / 2)) "$F"
run "$S" --index "$T" 形式主义
check cli11-other-stub-cut-read "rc=$rc stderr [$(cat "$tmp/err")]" \
    sh -c "[ $rc = 2 ] && [ $(lines) = 1 ] && grep -q '^mzsearch: the index at $T is damaged (.*); rebuild it with mzindex --index $T --rebuild\$' '$tmp/err'"
