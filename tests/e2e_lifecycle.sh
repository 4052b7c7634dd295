#!/bin/sh
# e2e_lifecycle.sh — the index lifecycle through the real programs:
# incremental updates, --rebuild under searches, one writer, kill -9,
# signals, an unwritable or full target.  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1

# A generated archive: N files of a few short paragraphs each, every file
# with its own marker word (编号k) and some shared topic words.
gen() { # DIR N
    mkdir -p "$1"
    awk -v dir="$1" -v n="$2" 'BEGIN {
        split("好人主义 形式主义 官僚主义 意识形态 圈子文化", topic, " ");
        for (i = 1; i <= n; i++) {
            f = sprintf("%s/m%04d.txt", dir, i);
            printf "第%d份对照检查材料\n", i > f;
            printf "一、存在的问题\n", i > f;
            for (p = 1; p <= 6; p++)
                printf "（%d）在%s方面还有差距，编号%d段%d，需要持续整改落实到位。\n", p, topic[(i + p) % 5 + 1], i, p > f;
            printf "二、整改措施\n坚持问题导向，编号%d的整改任务按期完成。\n", i > f;
            close(f);
        }
    }'
}

count() { # INDEX QUERY -> number of matching passages
    "$S" --index "$1" --count "$2" 2>/dev/null
}

xcount() { # INDEX QUERY -> number of passages holding QUERY itself
    "$S" --index "$1" --count --exact "$2" 2>/dev/null
}

files_of() { # INDEX QUERY -> matching files, sorted, one a line
    "$S" --index "$1" --files -n 100000 "$2" 2>/dev/null | sort
}

# Every match of QUERY sits where its result says: its text is line
# line_start of its path, and its title that file's first line (the path
# and title come from the file's own record, the rest from the passage's).
where_true() { # QUERY INDEX...
    q=$1; shift
    set -- $(for i in "$@"; do printf -- '--index %s ' "$i"; done)
    "$S" "$@" --json --all -n 100000 --exact "$q" 2>/dev/null | python3 -c '
import json, sys
rs = json.load(sys.stdin)["results"]
lines = {}
for r in rs:
    if r["path"] not in lines:
        lines[r["path"]] = open(r["path"], encoding="utf-8").read().split("\n")
    ls = lines[r["path"]]
    if ls[r["line_start"] - 1] != r["text"] or ls[0] != r["title"]:
        sys.exit("%s:%d" % (r["path"], r["line_start"]))
sys.exit(0 if rs else "no results")'
}

jfield() { # JSON FIELD
    printf '%s' "$1" | jq -r ".$2"
}

# ---- incremental updates -------------------------------------------------
A="$tmp/a" I="$tmp/ia"
gen "$A" 30
out=$("$M" --index "$I" --json "$A" 2>/dev/null); rc=$?
if [ "$rc" = 0 ] && [ "$(jfield "$out" added)" = 30 ]; then
    ok update-first-run; else no update-first-run "rc=$rc out=$out"; fi
check update-first-search "count=$(count "$I" 编号7段)" [ "$(count "$I" 编号7段)" = 6 ]
check where-after-build "" where_true 整改任务 "$I"

out=$("$M" --index "$I" --json 2>/dev/null); rc=$?
if [ "$rc" = 0 ] && [ "$(jfield "$out" unchanged)" = 30 ] && \
    [ "$(jfield "$out" added)" = 0 ] && [ "$(jfield "$out" passages)" = 0 ]; then
    ok update-nothing-changed; else no update-nothing-changed "rc=$rc out=$out"; fi

touch "$A/m0003.txt"
out=$("$M" --index "$I" --json 2>/dev/null)
if [ "$(jfield "$out" updated)" = 0 ] && [ "$(jfield "$out" passages)" = 0 ]; then
    ok update-touch-is-not-change; else no update-touch-is-not-change "$out"; fi

# modify, add, delete, rename
printf '修改后的材料\n这份材料改写为谈心谈话记录，编号3已改。\n' > "$A/m0003.txt"
printf '新增的材料\n新增一段关于码头文化的剖析。\n' > "$A/new.txt"
rm "$A/m0005.txt"
mv "$A/m0008.txt" "$A/renamed.txt"
printf 'not indexed' > "$A/photo.jpg"
out=$("$M" --index "$I" --json 2>/dev/null); rc=$?
if [ "$rc" = 0 ] && [ "$(jfield "$out" added)" = 2 ] && \
    [ "$(jfield "$out" updated)" = 1 ] && [ "$(jfield "$out" removed)" = 2 ]; then
    ok update-changes-counted; else no update-changes-counted "rc=$rc $out"; fi
check update-modified-old-text-gone "count=$(count "$I" 编号3段)" \
    [ "$(count "$I" 编号3段)" = 0 ]
check update-modified-new-text-found "$(files_of "$I" 谈心谈话记录)" \
    [ "$(files_of "$I" 谈心谈话记录)" = "$A/m0003.txt" ]
check update-added-found "$(files_of "$I" 码头文化)" \
    [ "$(files_of "$I" 码头文化)" = "$A/new.txt" ]
check update-deleted-gone "count=$(count "$I" 编号5段)" \
    [ "$(count "$I" 编号5段)" = 0 ]
check update-renamed-followed "$(files_of "$I" 编号8段)" \
    [ "$(files_of "$I" 编号8段)" = "$A/renamed.txt" ]
check where-after-update "" where_true 编号 "$I"
st=$("$M" --index "$I" --status --json 2>/dev/null)
if [ "$(jfield "$st" files)" = 30 ] && \
    [ "$(jfield "$st" 'roots[0]')" = "$A" ] && \
    [ "$(jfield "$st" passages)" -gt 200 ]; then
    ok status-json; else no status-json "$st"; fi
check status-text "$("$M" --index "$I" --status 2>&1)" \
    sh -c "'$M' --index '$I' --status | grep -q '^files: *30$'"

# a file that cannot be decoded is skipped with its reason, exit 1
printf '\377\376\000\000\001\002\003' > "$A/bad.txt"
printf '\000\001\002binary\000' >> "$A/bad.txt"
err=$("$M" --index "$I" 2>&1 >/dev/null); rc=$?
if [ "$rc" = 1 ] && printf '%s' "$err" | grep -q "skipped $A/bad.txt: "; then
    ok update-skip-reason; else no update-skip-reason "rc=$rc err=$err"; fi
rm "$A/bad.txt"

# ---- the read-only base, tombstones, full builds on every core -----------------
Bd="$tmp/b" IB="$tmp/ib" IB1="$tmp/ib1" IB3="$tmp/ib3"
gen "$Bd" 20
"$M" --index "$IB" -q "$Bd"
base1=$(sed -n '2s/^auto //p' "$IB/XAPIANDB")
check base-after-first-build "XAPIANDB: $(cat "$IB/XAPIANDB")" \
    sh -c "printf '%s' '$base1' | grep -q '^base-[0-9]*$'"
passages1=$("$M" --index "$IB" --status --json | jq .passages)
# a base file rewritten with one paragraph kept: that paragraph once, the
# others gone; a base file deleted: gone
{ sed -n '1,3p' "$Bd/m0002.txt"; echo '改写后新增的一段，关于批评和自我批评。'; } > "$Bd/m0002.new"
mv "$Bd/m0002.new" "$Bd/m0002.txt"
rm "$Bd/m0004.txt"
out=$("$M" --index "$IB" --json 2>/dev/null); rc=$?
if [ "$rc" = 0 ] && [ "$(jfield "$out" updated)" = 1 ] && \
    [ "$(sed -n '2s/^auto //p' "$IB/XAPIANDB")" = "$base1" ]; then
    ok tombstone-update-in-place; else no tombstone-update-in-place "rc=$rc $out XAPIANDB: $(cat "$IB/XAPIANDB")"; fi
check tombstone-kept-paragraph-once "count=$(xcount "$IB" 编号2段1)" [ "$(xcount "$IB" 编号2段1)" = 1 ]
check tombstone-dropped-paragraph-gone "count=$(xcount "$IB" 编号2段2)" [ "$(xcount "$IB" 编号2段2)" = 0 ]
check tombstone-new-paragraph-found "count=$(xcount "$IB" 改写后新增)" [ "$(xcount "$IB" 改写后新增)" = 1 ]
check tombstone-deleted-file-gone "count=$(xcount "$IB" 编号4段)" [ "$(xcount "$IB" 编号4段)" = 0 ]
check where-after-tombstones "" where_true 整改 "$IB"
"$M" --index "$IB1" -q --jobs 1 "$Bd"
check tombstone-status-passages "$("$M" --index "$IB" --status --json | jq .passages) vs $("$M" --index "$IB1" --status --json | jq .passages)" \
    [ "$("$M" --index "$IB" --status --json | jq .passages)" = "$("$M" --index "$IB1" --status --json | jq .passages)" ]
check tombstone-same-answers-as-fresh "" sh -c \
    "[ \"\$('$S' --index '$IB' --json -n 1000 形式主义 | jq -c '[.results[] | [.path, .line_start]]')\" = \
       \"\$('$S' --index '$IB1' --json -n 1000 形式主义 | jq -c '[.results[] | [.path, .line_start]]')\" ]"
# a change of more than a quarter of the files builds a new base
gen "$Bd/more" 12
out=$("$M" --index "$IB" --json 2>/dev/null); rc=$?
if [ "$rc" = 0 ] && [ "$(jfield "$out" added)" = 12 ] && [ "$(jfield "$out" unchanged)" = 19 ] && \
    [ "$(sed -n '2s/^auto //p' "$IB/XAPIANDB")" != "$base1" ]; then
    ok large-change-new-base; else no large-change-new-base "rc=$rc $out XAPIANDB: $(cat "$IB/XAPIANDB")"; fi
# (the new files repeat the markers of m0001..m0012)
if [ "$(xcount "$IB" 编号2段1)" = 2 ] && [ "$(xcount "$IB" 编号4段)" = 6 ] && [ "$(xcount "$IB" 编号2段2)" = 1 ]; then
    ok large-change-answers; else no large-change-answers "count=$(xcount "$IB" 编号2段1)/$(xcount "$IB" 编号4段)/$(xcount "$IB" 编号2段2)"; fi
# the number of jobs never changes the answers, their order included
"$M" --index "$IB3" -q --jobs 3 "$Bd"
"$M" --index "$IB1" -q --rebuild --jobs 1 "$Bd"
check jobs-same-order "" sh -c \
    "[ \"\$('$S' --index '$IB1' --json -n 1000 --exact 整改 | jq -c '[.results[] | [.path, .line_start, .score]]')\" = \
       \"\$('$S' --index '$IB3' --json -n 1000 --exact 整改 | jq -c '[.results[] | [.path, .line_start, .score]]')\" ]"
# nor does cutting the files into many parts (a part is ~64 MB of text)
IB5="$tmp/ib5"
MZ_PART_BYTES=3000 "$M" --index "$IB5" -q --jobs 2 "$Bd"
check parts-same-order "" sh -c \
    "[ \"\$('$S' --index '$IB1' --json -n 1000 --exact 整改 | jq -c '[.results[] | [.path, .line_start, .score]]')\" = \
       \"\$('$S' --index '$IB5' --json -n 1000 --exact 整改 | jq -c '[.results[] | [.path, .line_start, .score]]')\" ]"
check parts-index-checks "" index_checks "$IB5"
check where-in-parts "" where_true 整改 "$IB5"
check where-across-indexes "" where_true 整改 "$IB5" "$I" "$IB"
err=$("$M" --index "$IB3" --jobs 0 "$Bd" 2>&1); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q -- '--jobs 0'; then
    ok jobs-bad-value; else no jobs-bad-value "rc=$rc err=$err"; fi

# ---- one writer -------------------------------------------------------------
# A clean, timed build first: the signals below are sent at fractions of
# its duration, so they land mid-run on fast and slow (sanitizer) builds.
C="$tmp/c" IC="$tmp/ic" I0="$tmp/i0"
gen "$C" 3000
t0=$(date +%s.%N)
MZINDEX_BATCH_FILES=50 "$M" --index "$I0" -q "$C"
T=$(echo "$t0 $(date +%s.%N)" | awk '{ printf "%.3f", $2 - $1 }')
at() { echo "$T $1" | awk '{ printf "%.3f", $1 * $2 }'; }
clean_files=$("$M" --index "$I0" --status --json | jq .files)
clean_passages=$("$M" --index "$I0" --status --json | jq .passages)
clean_count=$(count "$I0" 好人主义)
if [ "$clean_files" = 3000 ] && [ "$clean_count" = 3600 ]; then
    ok clean-build; else no clean-build "files=$clean_files count=$clean_count"; fi

MZINDEX_BATCH_FILES=50 "$M" --index "$IC" -q "$C" &
first=$!
# it takes the lock at once (its pid in mzindex.lock) and holds it for
# about $T s: wait until it has it, however loaded the machine is
n=0
while [ "$(cat "$IC/mzindex.lock" 2>/dev/null)" != "$first" ] && [ $n -lt 200 ]; do
    sleep 0.05; n=$((n + 1))
done
err=$("$M" --index "$IC" "$C" 2>&1); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "another mzindex (pid $first)"; then
    ok one-writer-second-refused; else no one-writer-second-refused "rc=$rc err=$err"; fi
# searches while it commits batch after batch: never an error, from the
# moment its first commit makes the index exist (before that "no index at"
# is the right answer)
n=0
while [ ! -e "$IC/XAPIANDB" ] && kill -0 $first 2>/dev/null && [ $n -lt 600 ]; do
    sleep 0.05; n=$((n + 1))
done
fails=0 tries=0
while kill -0 $first 2>/dev/null; do
    rc=0; "$S" --index "$IC" 编号1段 >/dev/null 2>"$tmp/search.err" || rc=$?
    tries=$((tries + 1))
    [ "$rc" -le 1 ] || { fails=$((fails + 1)); cp "$tmp/search.err" "$tmp/last.err"; }
done
if [ "$fails" = 0 ] && [ "$tries" -gt 0 ]; then
    ok searches-during-update-never-fail; else no searches-during-update-never-fail "$fails of $tries failed: $(cat "$tmp/last.err" 2>/dev/null)"; fi
wait $first; rc=$?
check one-writer-first-finishes "rc=$rc" [ "$rc" = 0 ]

# ---- SIGTERM stops cleanly ----------------------------------------------------
IT="$tmp/it"
MZINDEX_BATCH_FILES=50 "$M" --index "$IT" -q "$C" 2>"$tmp/term.err" &
pid=$!
sleep "$(at 0.5)"
if kill -TERM $pid 2>/dev/null; then
    wait $pid; rc=$?
    # on a loaded machine the signal can land after the last commit (or
    # on a process already exited but not yet waited for): a run that
    # says 0 must then have indexed everything
    if [ "$rc" = 0 ] && [ "$(count "$IT" 好人主义)" = "$clean_count" ]; then
        ok "sigterm-exit-and-message # finished before the signal"
    else
        check sigterm-exit-and-message "rc=$rc $(cat "$tmp/term.err")" \
            sh -c "[ '$rc' = 2 ] && grep -q interrupted '$tmp/term.err'"
    fi
else
    wait $pid
    ok "sigterm-exit-and-message # finished before the signal"
fi
live=$(sed -n '1s/^auto //p' "$IT/XAPIANDB")
check sigterm-index-checks "xapian-check failed" \
    index_checks "$IT"
"$M" --index "$IT" -q
check sigterm-next-run-completes "$(count "$IT" 好人主义) vs $clean_count" \
    [ "$(count "$IT" 好人主义)" = "$clean_count" ]

# ---- kill -9 at several moments ------------------------------------------------
IK="$tmp/ik"
for frac in 0.1 0.3 0.5 0.7 0.9; do
    delay=$(at $frac)
    MZINDEX_BATCH_FILES=40 "$M" --index "$IK" -q "$C" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
    live=$(sed -n '1s/^auto //p' "$IK/XAPIANDB")
    rc=0; "$S" --index "$IK" --count 好人主义 >/dev/null 2>&1 || rc=$?
    [ -n "$MZ_DEBUG" ] && echo "# killed at $delay s: $("$M" --index "$IK" --status --json | jq -c "[.files,.passages]")"
    if [ -d "$IK/$live" ]; then
        check "kill9-$frac-searchable" "mzsearch rc=$rc" [ "$rc" -le 1 ]
        check "kill9-$frac-xapian-check" "xapian-check failed" \
            index_checks "$IK"
    else
        ok "kill9-$frac-searchable"  # killed before the first commit
        ok "kill9-$frac-xapian-check"
    fi
done
"$M" --index "$IK" -q "$C"; rc=$?
st=$("$M" --index "$IK" --status --json)
if [ "$rc" = 0 ] && [ "$(jfield "$st" files)" = "$clean_files" ] && \
    [ "$(jfield "$st" passages)" = "$clean_passages" ] && \
    [ "$(count "$IK" 好人主义)" = "$clean_count" ]; then
    ok kill9-converges; else no kill9-converges "rc=$rc $(jfield "$st" files)/$(jfield "$st" passages) vs $clean_files/$clean_passages"; fi

# ---- --rebuild while searching ----------------------------------------------------
old_live=$(cat "$IC/XAPIANDB")
"$M" --index "$IC" --rebuild -q &
rb=$!
bad=0 n=0
while kill -0 $rb 2>/dev/null; do
    c=$(count "$IC" 好人主义); rc=$?
    n=$((n + 1))
    if [ "$rc" != 0 ] || [ "$c" != "$clean_count" ]; then bad=$((bad + 1)); fi
done
wait $rb; rc=$?
check rebuild-finishes "rc=$rc" [ "$rc" = 0 ]
if [ "$bad" = 0 ] && [ "$n" -gt 0 ]; then
    ok rebuild-searches-never-fail; else no rebuild-searches-never-fail "$bad of $n searches wrong"; fi
new_live=$(cat "$IC/XAPIANDB")
check rebuild-swapped "XAPIANDB: $old_live -> $new_live" [ "$old_live" != "$new_live" ]
check rebuild-same-answers "$(count "$IC" 好人主义)" [ "$(count "$IC" 好人主义)" = "$clean_count" ]

# an interrupted rebuild leaves the live index serving; the next run cleans up
"$M" --index "$IC" --rebuild -q 2>/dev/null &
rb=$!
sleep "$(at 0.3)"
if kill -KILL $rb 2>/dev/null; then
    wait $rb 2>/dev/null
    check rebuild-killed-old-live "XAPIANDB: $(cat "$IC/XAPIANDB")" [ "$(cat "$IC/XAPIANDB")" = "$new_live" ]
else
    wait $rb
    ok "rebuild-killed-old-live # finished before the signal"
fi
check rebuild-killed-still-answers "$(count "$IC" 好人主义)" \
    [ "$(count "$IC" 好人主义)" = "$clean_count" ]
"$M" --index "$IC" -q
check rebuild-leftovers-cleaned "$(ls "$IC")" [ "$(ls -d "$IC"/db-* | wc -l)" = 1 ]

# ---- --compact ------------------------------------------------------------------
before_size=$("$M" --index "$I0" --status --json | jq .size_bytes)
"$M" --index "$I0" --compact -q; rc=$?
after_size=$("$M" --index "$I0" --status --json | jq .size_bytes)
check compact-runs "rc=$rc" [ "$rc" = 0 ]
check compact-smaller "$before_size -> $after_size" [ "$after_size" -lt "$before_size" ]
check compact-same-answers "$(count "$I0" 好人主义) vs $clean_count" \
    [ "$(count "$I0" 好人主义)" = "$clean_count" ]
"$M" --index "$I0" -q
live=$(sed -n '1s/^auto //p' "$I0/XAPIANDB")
if [ "$(ls -d "$I0"/db-* | wc -l)" = 1 ] && \
    index_checks "$I0"; then
    ok compact-then-update; else no compact-then-update "$(ls "$I0")"; fi
check where-after-compact "" where_true 整改 "$I0"

# ---- an index of another segmenter or a newer layout is refused, not misread
IV="$tmp/iv"
"$M" --index "$IV" -q "$Bd"
ivlive="$IV/$(sed -n '1s/^auto //p' "$IV/XAPIANDB")"
xapian-metadata set "$ivlive" mz.layout 9
err=$("$S" --index "$IV" 好人主义 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && \
    printf '%s' "$err" | grep -q "$IV has layout 9"; then
    ok newer-layout-search-refused; else no newer-layout-search-refused "rc=$rc err=$err"; fi
err=$("$M" --index "$IV" 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "layout 9" && \
    [ "$(xapian-metadata get "$ivlive" mz.layout)" = 9 ]; then
    ok newer-layout-update-refused; else no newer-layout-update-refused "rc=$rc err=$err"; fi
"$M" --index "$IV" -q --rebuild; rc=$?
if [ "$rc" = 0 ] && [ "$(xcount "$IV" 编号3段)" -gt 0 ] && \
    [ "$(xcount "$IV" 编号3段)" = "$(xcount "$IB1" 编号3段)" ]; then
    ok newer-layout-rebuild-answers; else no newer-layout-rebuild-answers "rc=$rc count=$(xcount "$IV" 编号3段)"; fi
ivlive="$IV/$(sed -n '1s/^auto //p' "$IV/XAPIANDB")"
xapian-metadata set "$ivlive" mz.segmenter other-0
err=$("$S" --index "$IV" 好人主义 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "segmenter other-0"; then
    ok other-segmenter-refused; else no other-segmenter-refused "rc=$rc err=$err"; fi

# ---- unwritable and full targets ---------------------------------------------------
err=$("$M" --index /proc/mzsearch-test "$A" 2>&1); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q '/proc/mzsearch-test'; then
    ok unwritable-index; else no unwritable-index "rc=$rc err=$err"; fi
before=$(count "$I" 形式主义)
D="$tmp/d"
gen "$D" 600
err=$( (ulimit -f 256; "$M" --index "$I" -q "$D") 2>&1); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "mzindex: "; then
    ok full-disk-fails-clearly; else no full-disk-fails-clearly "rc=$rc err=$err"; fi
check full-disk-old-index-intact "$(count "$I" 形式主义) vs $before" \
    [ "$(count "$I" 形式主义)" = "$before" ]
live=$(sed -n '1s/^auto //p' "$I/XAPIANDB")
check full-disk-index-checks "xapian-check failed" \
    index_checks "$I"
exit 0
