#!/bin/sh
# e2e_archive.sh — an archive that changes under the index: a folder that
# comes back empty (an unmounted share), most files gone at once, a folder
# that cannot be read, the same file reached by two paths, and a --rebuild
# that leaves remembered folders out.  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1

# N meeting notes in DIR, each one passage holding WORD and its number.
notes() { # DIR N WORD
    mkdir -p "$1"
    i=1
    while [ "$i" -le "$2" ]; do
        echo "第${i}次支部会议记录：围绕${3}问题开展批评与自我批评，编号${i}。" \
            >"$1/记录$i.txt"
        i=$((i + 1))
    done
}
count() { "$S" --index "$1" --count "$2" 2>/dev/null; }
nfiles() { "$M" --index "$1" --status --json | jq .files; }
jq_of() { printf '%s' "$1" | jq -r "$2" 2>/dev/null; }

# ---- 1. a remembered folder that comes back empty --------------------------
I="$tmp/i1" SHARE="$tmp/share" LOCAL="$tmp/local"
notes "$SHARE" 12 形式主义
notes "$LOCAL" 3 官僚主义
"$M" --index "$I" -q "$SHARE" "$LOCAL"
# unmounting leaves the empty mount point
mv "$SHARE" "$tmp/share.off" && mkdir "$SHARE"
"$M" --index "$I" >"$tmp/out" 2>"$tmp/err"; rc=$?
check empty-root-exit-2 "rc=$rc $(cat "$tmp/err")" [ "$rc" = 2 ]
check empty-root-kept "count $(count "$I" 形式主义)" [ "$(count "$I" 形式主义)" = 12 ]
check empty-root-status-files "files $(nfiles "$I")" [ "$(nfiles "$I")" = 15 ]
check empty-root-named "$(cat "$tmp/err")" \
    grep -q "^mzindex: $SHARE: 12 of 12 indexed files are gone (not mounted?); kept them.*mzindex --accept-removals" "$tmp/err"
out=$("$M" --index "$I" --json 2>/dev/null); rc=$?
check empty-root-json "rc=$rc $out" [ "$rc" = 2 ]
check empty-root-json-gone "$out" [ "$(jq_of "$out" '.gone[0] | "\(.path) \(.gone) \(.indexed)"') $(jq_of "$out" .ok)" = "$SHARE 12 12 false" ]
# the share is back: nothing to do, nothing was lost
rmdir "$SHARE" && mv "$tmp/share.off" "$SHARE"
out=$("$M" --index "$I" --json 2>"$tmp/err"); rc=$?
check remounted-nothing-lost "rc=$rc $out" \
    [ "$rc.$(jq_of "$out" .removed).$(jq_of "$out" .added).$(jq_of "$out" .unchanged)" = 0.0.0.15 ]

# the automatic full build (an update that changes more than a quarter of
# the index) keeps them too, and still indexes the new files
mv "$SHARE" "$tmp/share.off" && mkdir "$SHARE"
notes "$LOCAL/new" 8 意识形态
"$M" --index "$I" >"$tmp/out" 2>"$tmp/err"; rc=$?
check full-build-keeps-empty-root "rc=$rc count $(count "$I" 形式主义) $(cat "$tmp/err")" \
    [ "$rc.$(count "$I" 形式主义)" = 2.12 ]
check full-build-indexes-the-rest "count $(count "$I" 意识形态)" [ "$(count "$I" 意识形态)" = 8 ]

# --rebuild does not swap in an index without them either
"$M" --index "$I" --rebuild >"$tmp/out" 2>"$tmp/err"; rc=$?
check rebuild-refuses-empty-root "rc=$rc count $(count "$I" 形式主义) $(cat "$tmp/err")" \
    [ "$rc.$(count "$I" 形式主义)" = 2.12 ]
check rebuild-names-the-fix "$(cat "$tmp/err")" \
    grep -q "^mzindex: $SHARE: 12 of 12 indexed files are gone.*mzindex --rebuild --accept-removals" "$tmp/err"
# a folder that vanished altogether (not even its mount point)
rmdir "$SHARE"
"$M" --index "$I" --rebuild >"$tmp/out" 2>"$tmp/err"; rc=$?
check rebuild-refuses-vanished-root "rc=$rc count $(count "$I" 形式主义) $(cat "$tmp/err")" \
    [ "$rc.$(count "$I" 形式主义)" = 2.12 ]
mkdir "$SHARE"
# the removal, when it is meant
out=$("$M" --index "$I" --accept-removals --json 2>"$tmp/err"); rc=$?
check accept-removals "rc=$rc $out $(cat "$tmp/err")" \
    [ "$rc.$(jq_of "$out" .removed).$(count "$I" 形式主义)" = 0.12.0 ]
"$M" --index "$I" -q; rc=$?
check accepted-stays-accepted "rc=$rc" [ "$rc" = 0 ]

# most files gone at once (here 15 of 20), not all: kept as well
I="$tmp/i2" A="$tmp/mass"
notes "$A" 20 圈子文化
"$M" --index "$I" -q "$A"
for i in $(seq 1 15); do rm "$A/记录$i.txt"; done
"$M" --index "$I" >"$tmp/out" 2>"$tmp/err"; rc=$?
check mass-deletion-kept "rc=$rc count $(count "$I" 圈子文化) $(cat "$tmp/err")" \
    [ "$rc.$(count "$I" 圈子文化)" = 2.20 ]
check mass-deletion-named "$(cat "$tmp/err")" \
    grep -q "^mzindex: $A: 15 of 20 indexed files are gone" "$tmp/err"
"$M" --index "$I" --accept-removals 2>"$tmp/err"; rc=$?
check mass-deletion-accepted "rc=$rc count $(count "$I" 圈子文化)" \
    [ "$rc.$(count "$I" 圈子文化)" = 0.5 ]

# what the guard leaves alone: a few files deleted from a small archive,
# a folder renamed, files left out by a new --exclude
I="$tmp/i3" A="$tmp/small"
notes "$A" 3 好人主义
"$M" --index "$I" -q "$A"
rm "$A/记录1.txt" "$A/记录2.txt"
out=$("$M" --index "$I" --json 2>"$tmp/err"); rc=$?
check small-deletion-removed "rc=$rc $out" [ "$rc.$(jq_of "$out" .removed)" = 0.2 ]
I="$tmp/i4" A="$tmp/renamed"
notes "$A/2025" 12 好人主义
notes "$A/2026" 2 好人主义
"$M" --index "$I" -q "$A"
mv "$A/2025" "$A/2025年"
out=$("$M" --index "$I" --json 2>"$tmp/err"); rc=$?
check rename-not-a-loss "rc=$rc $out" \
    [ "$rc.$(jq_of "$out" .removed).$(count "$I" 好人主义)" = 0.12.14 ]
out=$("$M" --index "$I" --exclude '2025*' --json 2>"$tmp/err"); rc=$?
check exclude-not-a-loss "rc=$rc $out" \
    [ "$rc.$(jq_of "$out" .removed).$(count "$I" 好人主义)" = 0.12.2 ]

# ---- 2. a sub-folder that cannot be read (root ignores permissions) ---------
U="$tmp/nb"
mkdir -p "$U"
as_user=
if [ "$(id -u)" != 0 ]; then
    as_user=" "
elif setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups --"
elif runuser -u nobody -- true 2>/dev/null; then
    as_user="runuser -u nobody --"
fi
if [ -n "$as_user" ] && [ "$(id -u)" = 0 ]; then
    # nobody must reach the programs and own the archive and the index
    chmod 755 "$tmp"
    cp "$M" "$S" "$U/"
    chown -R nobody "$U" 2>/dev/null || as_user=
fi
if [ -z "$as_user" ]; then
    for n in unreadable-folder-exit-1 unreadable-folder-kept; do
        ok "$n # SKIP neither setpriv nor runuser can run as nobody"
    done
else
    [ "$(id -u)" = 0 ] && UM="$U/mzindex" US="$U/mzsearch" || UM=$M US=$S
    run() { $as_user "$@"; }
    I="$U/idx" A="$U/archive"
    run mkdir -p "$A"
    for d in 会议 学习; do
        run mkdir -p "$A/$d"
        for i in 1 2 3; do
            echo "${d}材料$i：落实全面从严治党主体责任。" | run sh -c "cat >'$A/$d/$i.txt'"
        done
    done
    run "$UM" --index "$I" -q "$A"
    run chmod 000 "$A/会议"
    run "$UM" --index "$I" --json >"$tmp/out" 2>"$tmp/err"; rc=$?
    n=$(run "$US" --index "$I" --count 主体责任)
    check unreadable-folder-exit-1 "rc=$rc $(cat "$tmp/err")" [ "$rc" = 1 ]
    check unreadable-folder-kept "count $n $(cat "$tmp/out")" \
        [ "$n.$(jq .removed "$tmp/out")" = 6.0 ]
    check unreadable-folder-reported "$(cat "$tmp/err")" \
        grep -q "^mzindex: skipped $A/会议: cannot read the folder: Permission denied" "$tmp/err"
    check unreadable-folder-json "$(cat "$tmp/out")" \
        [ "$(jq -r '.skipped[0] | "\(.path): \(.reason)"' "$tmp/out")" = "$A/会议: cannot read the folder: Permission denied" ]
    check unreadable-folder-status "$(run "$UM" --index "$I" --status)" \
        sh -c "$as_user '$UM' --index '$I' --status | grep -q '$A/会议: cannot read the folder'"
    # listed but not searchable (r--): the same
    run chmod 444 "$A/会议"
    run "$UM" --index "$I" -q 2>"$tmp/err"; rc=$?
    check unsearchable-folder-kept "rc=$rc count $(run "$US" --index "$I" --count 主体责任)" \
        [ "$rc.$(run "$US" --index "$I" --count 主体责任)" = 1.6 ]
    # a rebuild reads everything anew: it refuses to drop what it cannot read
    run chmod 000 "$A/会议"
    run "$UM" --index "$I" --rebuild 2>"$tmp/err"; rc=$?
    check rebuild-unreadable-folder-refused "rc=$rc $(cat "$tmp/err")" \
        sh -c "[ $rc = 2 ] && [ \$($as_user '$US' --index '$I' --count 主体责任) = 6 ] && grep -q 'cannot read $A/会议: the rebuild would drop the 3 files indexed under it' '$tmp/err'"
    run "$UM" --index "$I" --rebuild "$A" "$U/no-such-folder" 2>"$tmp/err"; rc=$?
    check rebuild-missing-root-refused "rc=$rc $(cat "$tmp/err")" \
        sh -c "[ $rc = 2 ] && [ \$($as_user '$US' --index '$I' --count 主体责任) = 6 ]"
    run chmod 755 "$A/会议"
    run "$UM" --index "$I" --rebuild "$A" "$U/no-such-folder" 2>"$tmp/err"; rc=$?
    check rebuild-bad-root-refused "rc=$rc $(cat "$tmp/err")" \
        sh -c "[ $rc = 2 ] && grep -q 'a folder to index cannot be read (see above)' '$tmp/err' && [ \$($as_user '$US' --index '$I' --count 主体责任) = 6 ]"
    run "$UM" --index "$I" --json >"$tmp/out" 2>"$tmp/err"; rc=$?
    check readable-again "rc=$rc $(cat "$tmp/out")" \
        [ "$rc.$(jq .removed "$tmp/out").$(jq '.skipped | length' "$tmp/out")" = 0.0.0 ]
    check readable-again-status "$(run "$UM" --index "$I" --status --json)" \
        [ "$(run "$UM" --index "$I" --status --json | jq '.skipped | length')" = 0 ]
fi

# ---- 4. the same file reached twice ----------------------------------------
D="$tmp/dup"
notes "$D" 4 纪律建设
notes "$D/sub" 1 作风建设
I="$tmp/i5"
out=$("$M" --index "$I" --json "$D" "$D/记录1.txt" "$D/sub" 2>"$tmp/err"); rc=$?
check same-file-added-once "rc=$rc $out" [ "$rc.$(jq_of "$out" .added)" = 0.5 ]
check same-file-status "files $(nfiles "$I")" [ "$(nfiles "$I")" = 5 ]
check same-file-one-result "count $(count "$I" 编号1)" [ "$(count "$I" 编号1)" = 2 ]
check nested-root-one-result "count $(count "$I" 作风建设)" [ "$(count "$I" 作风建设)" = 1 ]
# an update naming a new file of a remembered folder
notes "$D/more" 1 廉政教育
out=$("$M" --index "$I" --json "$D" "$D/more/记录1.txt" 2>"$tmp/err"); rc=$?
check same-file-update-once "rc=$rc $out" [ "$rc.$(jq_of "$out" .added)" = 0.1 ]
# a symbolic link to a file the walk finds anyway: the file, once
ln -s "$D/记录2.txt" "$D/链接.txt"
"$M" --index "$I" -q
check link-in-folder-once "$("$S" --index "$I" --files 编号2)" \
    [ "$("$S" --index "$I" --files 编号2)" = "$D/记录2.txt" ]
# a link given on the command line is the file it points to
ln -s "$D/记录3.txt" "$tmp/given.txt"
out=$("$M" --index "$I" --json "$tmp/given.txt" 2>"$tmp/err"); rc=$?
check link-given-is-the-file "rc=$rc $out $("$S" --index "$I" --files 编号3)" \
    [ "$rc.$(jq_of "$out" .added).$("$S" --index "$I" --files 编号3)" = "0.0.$D/记录3.txt" ]
# a link to a file outside every folder keeps its own path
E="$tmp/elsewhere"
notes "$E" 1 巡视整改
ln -s "$E/记录1.txt" "$D/外部.txt"
"$M" --index "$I" -q
check link-outside-own-path "$("$S" --index "$I" --files 巡视整改)" \
    [ "$("$S" --index "$I" --files 巡视整改)" = "$D/外部.txt" ]
check dup-status-files "files $(nfiles "$I")" [ "$(nfiles "$I")" = 7 ]

# ---- 5. --rebuild DIR drops the other remembered folders, and says so ------
I="$tmp/i6" P="$tmp/p1" Q="$tmp/p2"
notes "$P" 1 主题教育
notes "$Q" 1 主题教育
notes "$Q/sub" 1 主题教育
"$M" --index "$I" -q "$P" "$Q/sub"
"$M" --index "$I" --rebuild "$Q" >"$tmp/out" 2>"$tmp/err"; rc=$?
check rebuild-says-dropped "rc=$rc $(cat "$tmp/err")" \
    grep -q "^mzindex: no longer indexing $P (not given to --rebuild)" "$tmp/err"
check rebuild-covered-not-dropped "$(cat "$tmp/err")" \
    sh -c "! grep -q 'no longer indexing $Q/sub' '$tmp/err'"
out=$("$M" --index "$I" --rebuild --json "$P" 2>/dev/null)
check rebuild-dropped-json "$out" [ "$(jq_of "$out" '.dropped_roots | join(",")')" = "$Q" ]
out=$("$M" --index "$I" --rebuild --json 2>/dev/null)
check rebuild-remembered-drops-none "$out" [ "$(jq_of "$out" '.dropped_roots | length')" = 0 ]

# ---- a folder whose name holds control characters: its lines are clean ----
E="$tmp/esc$(printf '\033')[31mred"
mkdir -p "$E"
for i in $(seq 1 12); do echo "第${i}份材料，谈好人主义问题。" >"$E/f$i.txt"; done
"$M" --quiet --index "$tmp/idx-esc" "$E"
rm -f "$E"/*.txt
"$M" --index "$tmp/idx-esc" 2>"$tmp/err" >/dev/null; rc=$?
check gone-line-clean "rc=$rc $(cat -v "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q 'are gone' '$tmp/err' && ! grep -q \"\$(printf '\\033')\" '$tmp/err'"

# ---- two first runs at once: one builds, the other is told it is locked ----
R="$tmp/race"; mkdir -p "$R/a"
for i in $(seq 1 30); do echo "第${i}份材料，谈好人主义问题。" >"$R/a/f$i.txt"; done
bad=0
for k in 1 2 3 4 5 6 7 8 9 10; do
    rm -rf "$R/idx"
    "$M" --quiet --index "$R/idx" "$R/a" 2>"$R/e1" & p=$!
    "$M" --quiet --index "$R/idx" "$R/a" 2>"$R/e2"
    wait $p
    grep -hv 'another mzindex' "$R/e1" "$R/e2" | grep -q . && bad=$((bad + 1))
done
check two-first-runs-no-error "$bad of 10 races ended in an error other than 'another mzindex': $(cat "$R/e1" "$R/e2")" [ "$bad" = 0 ]
exit 0
