#!/bin/sh
# e2e_floor11.sh — the floors of the build and of scaled search (issue 18):
# bench/buildfloor.cc (xapian-build-floor) writes mzindex's index again with
# Xapian alone, and what it writes is that index; bench.py sets it beside
# mzindex's build; bench/scale.py times the search floor at each scale.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
F="$B/xapian-build-floor"
if [ ! -x "$F" ]; then
    no floor11-built "$F is not built (make test builds it)"
    exit 0
fi

# A small archive: the sample materials and two registers, so that the
# index has a few hundred passages in several files.
D="$tmp/d" I="$tmp/i"
mkdir -p "$D"
cp "$here/sample/"*.txt "$here/sample/"*.md "$D/"
register "$D/来信登记.txt"
register "$D/来访登记.txt"
"$M" --index "$I" -q "$D"

# delve_sum DB...: documents, terms and postings (the termfreqs summed) of
# the databases, as xapian-delve counts them
delve_sum() {
    for _db in "$@"; do
        xapian-delve "$_db" | sed -n 's/^number of documents = //p'
        xapian-delve -1 -a -v "$_db" | awk 'NR > 1 { n++; s += $NF } END { print n + 0, s + 0 }'
    done | awk 'NF == 1 { d += $1 } NF == 2 { t += $1; p += $2 } END { print d, t, p }'
}
json() { # FILE KEY: the number or word after "KEY": in FILE
    sed -n "s/.*\"$2\": \([^,}]*\).*/\1/p" "$1" | head -n 1
}

"$F" --keep "$I" "$tmp/w" >"$tmp/out" 2>"$tmp/err"; rc=$?
check floor11-writes-the-same-index "exit $rc, $(cat "$tmp/err") $(cat "$tmp/out")" \
    sh -c "[ $rc -eq 0 ] && grep -q '\"same\": true' '$tmp/out'"

src=$(delve_sum $(sed -n "s|^auto |$I/|p" "$I/XAPIANDB"))
got=$(delve_sum "$tmp/w/run-0/base")
said="$(json "$tmp/out" documents) $(json "$tmp/out" terms) $(json "$tmp/out" postings)"
check floor11-counts-as-xapian-delve "delve: index $src, written $got; it said $said" \
    sh -c "[ '$src' = '$got' ] && [ '$said' = '$src' ] && [ $(json "$tmp/out" documents) -gt 300 ]"

# what it wrote, as an index: mzsearch answers from it as from mzindex's
printf 'auto live\nauto base\n' >"$tmp/w/run-0/XAPIANDB"
"$S" --index "$I" --json 来信 | grep -v elapsed_ms >"$tmp/a"
"$S" --index "$tmp/w/run-0" --json 来信 | grep -v elapsed_ms >"$tmp/b"
check floor11-searches-as-mzindex-index "$(diff "$tmp/a" "$tmp/b" | head -4)" \
    sh -c "grep -q '\"total\":	[1-9]' '$tmp/a' && cmp -s '$tmp/a' '$tmp/b'"

"$F" --jobs 2 --parts 4 --runs 3 "$I" "$tmp/w2" >"$tmp/out2" 2>&1; rc=$?
check floor11-parts-compacted-and-runs "exit $rc: $(cat "$tmp/out2")" \
    sh -c "[ $rc -eq 0 ] && grep -q '\"same\": true' '$tmp/out2' &&
           [ '$(json "$tmp/out2" parts)' = 4 ] && [ '$(json "$tmp/out2" jobs)' = 2 ] &&
           [ '$(json "$tmp/out2" runs)' = 3 ] &&
           grep -q '\"walls\": \[[0-9.]*, [0-9.]*, [0-9.]*\]' '$tmp/out2' &&
           grep -q '\"part_docs\": \[[0-9]*, [0-9]*, [0-9]*, [0-9]*\]' '$tmp/out2' &&
           [ ! -e '$tmp/w2/run-0' ]"

"$F" "$tmp/nothing" "$tmp/w3" >"$tmp/out3" 2>&1; rc=$?
check floor11-no-index-named "exit $rc: $(cat "$tmp/out3")" \
    sh -c "[ $rc -eq 2 ] && grep -q '$tmp/nothing' '$tmp/out3'"
"$F" --jobs 0 "$I" "$tmp/w3" >"$tmp/out3" 2>&1; rc=$?
check floor11-bad-jobs-named "exit $rc: $(cat "$tmp/out3")" \
    sh -c "[ $rc -eq 2 ] && grep -q -e '--jobs' '$tmp/out3'"

# bench.py: the row "xapian build floor" and the floor beside "build <= 8 s"
cat >"$tmp/bench.py" <<EOF
import sys, types
sys.dont_write_bytecode = True
sys.path.insert(0, "$here/../bench")
import bench as B
b = B.Bench(types.SimpleNamespace(build="$B", build_floor_runs=1))
c = b.build_all("%.0f MB", ["$D"], "$tmp/bb", {"build floor"})
print("\n".join(B.build_table(c)))
print([r for r in B.scale_rows(c, None) if r[0].startswith("build")][0][1])
EOF
mkdir -p "$tmp/bb"
python3 "$tmp/bench.py" >"$tmp/bench.out" 2>&1
check floor11-bench-build-row "$(tail -4 "$tmp/bench.out")" \
    sh -c "grep -q '^| xapian build floor | [0-9.]* | ' '$tmp/bench.out' &&
           grep -q 'xapian build floor [0-9.]* s wall, [0-9.]* s CPU (.*): 8 s is [a-z]* the floor' '$tmp/bench.out'"

# scale.py: the floor's column at each scale, and its own growth
if ! command -v hyperfine >/dev/null; then
    echo "ok floor11-scale-floor-column # SKIP hyperfine is not installed (make bench-deps installs it)"
    exit 0
fi
python3 "$here/../bench/scale.py" "$B" "$here/sample" --scales 1,2 --shards-at 0 \
    --runs 1 --warmup 0 --tmp "$tmp" >"$tmp/scale.md" 2>"$tmp/scale.err"; rc=$?
check floor11-scale-floor-column "exit $rc: $(tail -2 "$tmp/scale.err")" \
    sh -c "[ $rc -eq 0 ] && grep -q '^| query | kind | 1× | 1× xapian floor | 2× | 2× xapian floor |' '$tmp/scale.md' &&
           grep -q '^| 2×: xapian floor.s own growth .* = [0-9.]* (mzsearch [0-9.]*) | ' '$tmp/scale.md'"
