#!/bin/sh
# eval/run.sh — relevance on the judged queries of ../shared/eval: index the
# seeds, run every topic with the thesaurus and with --exact, score both
# with the judges' scorer.  Usage: eval/run.sh [BUILD_DIR] [EXTRA_DIR...]
# (extra folders, e.g. ../shared/corpus/laws, are indexed alongside).
here=$(cd "$(dirname "$0")" && pwd)
B=${1:-$here/../build}
[ $# -gt 0 ] && shift
shared=$here/../../shared
if [ ! -f "$shared/eval/score.py" ] || [ ! -d "$shared/corpus/seeds" ]; then
    echo "eval: ../shared/eval and ../shared/corpus/seeds are not here; nothing to measure"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
"$B/mzindex" --index "$tmp/idx" -q "$shared/corpus/seeds" "$@" || exit 2
for mode in thesaurus exact; do
    flag=; [ $mode = exact ] && flag=--exact
    tail -n +2 "$shared/eval/qrels/topics.tsv" | cut -f2 | while read -r q; do
        "$B/mzsearch" --index "$tmp/idx" $flag --jsonl -n 50 "$q"
    done >"$tmp/$mode.jsonl"
    echo "== $mode${*:+ (with $*)}"
    python3 "$shared/eval/score.py" "$tmp/$mode.jsonl" | tail -n +2
    echo
done
