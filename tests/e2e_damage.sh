#!/bin/sh
# e2e_damage.sh — a damaged index, error paths that leave nothing behind, and
# what mzindex prints (cleaned names, JSON on every exit), through the real
# programs.  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1

# run COMMAND...: stdout in $tmp/out, stderr in $tmp/err, status in $rc
run() { "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
out() { head -c 400 "$tmp/out"; }
err() { head -c 400 "$tmp/err"; }
lines() { grep -c . "$tmp/err"; }

# Five short materials, indexed by a full build (a read-only base and a live
# database), then one of them changed and updated in place, so that the live
# database has its own postings, term lists and document data.
D="$tmp/docs"
mkdir -p "$D"
for i in 1 2 3 4 5; do
    cat >"$D/m$i.txt" <<EOF
第${i}份对照检查材料
一、存在的问题
在坚持原则方面还有好人主义倾向，编号${i}号材料。
二、整改措施
坚决克服形式主义、官僚主义，按期完成整改任务。
EOF
done
I="$tmp/idx"
"$M" --index "$I" --quiet "$D"
echo "补充：批评与自我批评不够经常。" >>"$D/m3.txt"
"$M" --index "$I" --quiet "$D"
want=$("$S" --index "$I" --count 好人主义)
base=$(sed -n 2p "$I/XAPIANDB" | sed 's/^auto //')
live=$(sed -n 1p "$I/XAPIANDB" | sed 's/^auto //')
# (six: the five 好人主义 and the added 批评与自我批评, a thesaurus form of it)
check damage-fixture "base [$base] live [$live] count [$want] files [$(ls "$I/$live")]" \
    sh -c "[ -n '$base' ] && [ -f '$I/$live/termlist.glass' ] && [ -f '$I/$live/docdata.glass' ] && [ '$want' = 6 ]"

# ---- 3. a damaged index: every table file of the base and the live database in turn,
# cut to nothing and to half its size ---------------------------------------------------------
# damage DB FILE HOW: a fresh copy of the index in $T with DB/FILE cut
damage() {
    T="$tmp/cut"
    rm -rf "$T"
    cp -a "$I" "$T"
    _f="$T/$1/$2"
    if [ "$3" = zero ]; then : >"$_f"; else truncate -s $(($(stat -c %s "$_f") / 2)) "$_f"; fi
}
for db in "$base" "$live"; do
    for f in $(ls "$I/$db" | grep -v '^flintlock$'); do
        for how in zero half; do
            n="$db-$f-$how"
            # mzsearch: one line naming the index and the fix, under --json an error object
            damage "$db" "$f" "$how"
            run "$S" --index "$T" 好人主义
            check "damaged-search-$n" "rc=$rc stdout [$(out)] stderr [$(err)]" \
                sh -c "[ $rc = 2 ] && [ $(lines) = 1 ] && [ ! -s '$tmp/out' ] &&
                       grep -q '^mzsearch: the index at $T is damaged (.*); rebuild it with mzindex --index $T --rebuild$' '$tmp/err'"
            run "$S" --json --index "$T" 好人主义
            check "damaged-search-json-$n" "rc=$rc stdout [$(out)]" \
                sh -c "[ $rc = 2 ] && jq -e '.error.code == \"index_damaged\"' '$tmp/out' >/dev/null"
            # plain mzindex, as a cron job runs it: never "unchanged" and exit 0
            run "$M" --index "$T"
            if [ "$db" = "$base" ]; then
                # the live database still knows the folders: a full build repairs it, says
                # so, and exits 1 (done, look); the index is sound and finds the same again
                check "damaged-index-repairs-$n" "rc=$rc stderr [$(err)]" \
                    sh -c "[ $rc = 1 ] && grep -q '^mzindex: the index at $T is damaged ($T/$db: .*); rebuilding it from its folders$' '$tmp/err' &&
                           grep -q '^mzindex: rebuilt the damaged index: ' '$tmp/err'"
                check "damaged-index-repaired-$n" "count [$("$S" --index "$T" --count 好人主义 2>&1)]" \
                    sh -c "index_checks() { for d in \$(sed -n 's/^auto //p' '$T/XAPIANDB'); do xapian-check '$T/'\$d >/dev/null 2>&1 || return 1; done; }
                           index_checks && [ \"\$('$S' --index '$T' --count 好人主义)\" = '$want' ] && '$M' --index '$T' --quiet"
            else
                # the folders were in the damaged database: exit 2, one line naming it
                # and mzindex --rebuild, which then repairs it
                check "damaged-index-refuses-$n" "rc=$rc stderr [$(err)]" \
                    sh -c "[ $rc = 2 ] && [ $(lines) = 1 ] &&
                           grep -q '^mzindex: the index at $T is damaged ($T/$db: .*).*; rebuild it with mzindex --index $T --rebuild DIR\.\.\.$' '$tmp/err'"
                check "damaged-index-rebuild-$n" "$("$M" --index "$T" --rebuild "$D" 2>&1)" \
                    sh -c "[ \"\$('$S' --index '$T' --count 好人主义)\" = '$want' ] && '$M' --index '$T' --quiet"
            fi
        done
    done
done
# --status, --compact and --json on a damaged index
damage "$base" postlist.glass half
run "$M" --index "$T" --status
check damaged-status "rc=$rc stdout [$(out)] stderr [$(err)]" \
    sh -c "[ $rc = 2 ] && [ $(lines) = 1 ] && grep -q 'is damaged ($T/$base: .*); rebuild it with mzindex --index $T --rebuild' '$tmp/err'"
run "$M" --index "$T" --compact --json
check damaged-compact-json "rc=$rc stdout [$(out)] stderr [$(err)]" \
    sh -c "[ $rc = 2 ] && [ $(lines) = 1 ] && jq -e '.ok == false and .error.code == \"index_damaged\"' '$tmp/out' >/dev/null"
run "$M" --index "$T" --json
check damaged-repair-json "rc=$rc stdout [$(out)]" \
    sh -c "[ $rc = 1 ] && jq -e '.ok == false and .repaired == true and (.damage | test(\"$base\"))' '$tmp/out' >/dev/null"
damage "$live" postlist.glass zero
run "$M" --index "$T" --json
check damaged-live-json "rc=$rc stdout [$(out)]" \
    sh -c "[ $rc = 2 ] && jq -e '.ok == false and .error.code == \"index_damaged\" and (.error.message | test(\"--rebuild\"))' '$tmp/out' >/dev/null"
# given the folders, a plain run repairs even a damaged live database
run "$M" --index "$T" "$D"
check damaged-live-repair-with-dirs "rc=$rc stderr [$(err)]" \
    sh -c "[ $rc = 1 ] && grep -q 'rebuilding it from its folders' '$tmp/err' && [ \"\$('$S' --index '$T' --count 好人主义)\" = '$want' ]"

# ---- 6. error paths that leave nothing behind ---------------------------------------------
run "$M" --index "$tmp/none" --compact
check compact-missing "rc=$rc stderr [$(err)] $(ls -d "$tmp/none" 2>/dev/null)" \
    sh -c "[ $rc = 2 ] && [ $(lines) = 1 ] && grep -q '^mzindex: no index at $tmp/none' '$tmp/err' && [ ! -e '$tmp/none' ]"
run "$M" --index "$tmp/none"
check nothing-to-index "rc=$rc stderr [$(err)] $(ls -d "$tmp/none" 2>/dev/null)" \
    sh -c "[ $rc = 2 ] && [ $(lines) = 1 ] && grep -q 'no folder given' '$tmp/err' && [ ! -e '$tmp/none' ]"
run "$M" --index "$tmp/none" --rebuild
check rebuild-nothing "rc=$rc stderr [$(err)]" sh -c "[ $rc = 2 ] && [ ! -e '$tmp/none' ]"
mkdir -p "$tmp/notes"
echo "会议记录草稿" >"$tmp/notes/草稿.txt"
run "$M" --index "$tmp/notes" "$D"
check foreign-folder "rc=$rc stderr [$(err)] now [$(ls "$tmp/notes")]" \
    sh -c "[ $rc = 2 ] && [ $(lines) = 1 ] && grep -q '^mzindex: $tmp/notes holds other files' '$tmp/err' &&
           [ \"\$(ls -A '$tmp/notes')\" = 草稿.txt ]"
mkdir -p "$tmp/empty"
run "$M" --index "$tmp/empty" "$D"
check empty-folder-takes-index "rc=$rc stderr [$(err)]" sh -c "[ $rc = 0 ] && [ -f '$tmp/empty/XAPIANDB' ]"

# ---- 7. what mzindex prints -------------------------------------------------------------
ESC=$(printf '\033')
BEL=$(printf '\007')
C="$tmp/ctl"
mkdir -p "$C"
cp "$D/m1.txt" "$C/"
printf 'bin\000ary\001' >"$C/bad${ESC}[31mred${BEL}.txt"
run "$M" --index "$tmp/ci" "$C"
check skipped-line-clean "rc=$rc stderr [$(err | od -c | head -n 3)]" \
    sh -c "[ $rc = 1 ] && grep -q '^mzindex: skipped .*bad.*red.*\.txt: ' '$tmp/err' && ! grep -q '[$ESC$BEL]' '$tmp/err'"
printf 'bin\000ary\002' >"$C/worse${ESC}]0;title${BEL}.txt"
run "$M" --index "$tmp/ci"
check skipped-line-clean-update "rc=$rc stderr [$(err | od -c | head -n 3)]" \
    sh -c "[ $rc = 1 ] && grep -q '^mzindex: skipped .*worse.*title.*\.txt: ' '$tmp/err' && ! grep -q '[$ESC$BEL]' '$tmp/err'"
run "$M" --index "$tmp/ci" --status
check status-clean "rc=$rc stdout [$(out | od -c | head -n 3)]" \
    sh -c "[ $rc = 0 ] && grep -q 'bad.*red' '$tmp/out' && ! grep -q '[$ESC$BEL]' '$tmp/out'"
run "$M" --index "$tmp/ci" --status --json
check status-json-exact-names "rc=$rc stdout [$(out)]" \
    sh -c "[ $rc = 0 ] && jq -e --arg p '$C/bad${ESC}[31mred${BEL}.txt' '[.skipped[].path] | index(\$p) != null' '$tmp/out' >/dev/null"
check status-json-iso-time "$(jq -r .updated "$tmp/out")" \
    sh -c "jq -e '.ok == true and (.updated | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$\"))' '$tmp/out' >/dev/null"
# --json: one object on every exit path, "ok" true exactly when the status is 0
json_check() { # NAME CODE ARGS...: status 2, and one JSON object with ok false and error CODE
    _n=$1 _c=$2; shift 2
    run "$M" "$@"
    check "$_n" "rc=$rc stdout [$(out)] stderr [$(err)]" \
        sh -c "[ $rc = 2 ] && [ \$(jq -s length '$tmp/out') = 1 ] &&
               jq -e --arg c '$_c' '.version == 1 and .ok == false and .error.code == \$c and (.error.message | length) > 0' '$tmp/out' >/dev/null"
}
json_check json-bad-option bad_option --bogus --json
json_check json-bad-option-after bad_option --json --jobs 0 "$D"
json_check json-status-no-index no_index --index "$tmp/none" --status --json
json_check json-compact-no-index no_index --index "$tmp/none" --compact --json
json_check json-nothing-to-index no_index --index "$tmp/none" --json
json_check json-foreign-folder not_an_index --index "$tmp/notes" --json "$D"
json_check json-unreadable-root cannot_read --index "$tmp/ci" --json "$tmp/no-such-folder"
run "$M" --index "$tmp/ci" --json
check json-skipped-not-ok "rc=$rc stdout [$(out)]" \
    sh -c "[ $rc = 1 ] && jq -e '.ok == false and (.skipped | length) == 2 and .error == null' '$tmp/out' >/dev/null"
run "$M" --index "$I" --json
check json-unchanged-ok "rc=$rc stdout [$(out)]" sh -c "[ $rc = 0 ] && jq -e '.ok == true' '$tmp/out' >/dev/null"
run "$M" --index "$I" --compact --json
check json-compact-ok "rc=$rc stdout [$(out)] stderr [$(err)]" \
    sh -c "[ $rc = 0 ] && [ ! -s '$tmp/err' ] && jq -e '.ok == true and .compacted == true' '$tmp/out' >/dev/null"
