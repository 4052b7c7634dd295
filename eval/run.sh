#!/bin/sh
# eval/run.sh — relevance on the judged topics of ../shared/eval, as one
# table: every topic run on the seeds alone and on the seeds with the laws
# (or with the folders given), each with the thesaurus (default) and with
# --exact, scored by the judges' scorer (score.py, --corpus seeds for the
# seeds alone, all for the mix).  Per topic nDCG@10 and R@50, and the means
# of nDCG@10, P@10 and R@50.
# Usage: eval/run.sh [BUILD_DIR] [EXTRA_DIR...]  (EXTRA_DIR defaults to
# ../shared/corpus/laws when it is there; EVAL_KEEP=DIR keeps the runs).
here=$(cd "$(dirname "$0")" && pwd)
B=${1:-$here/../build}
[ $# -gt 0 ] && shift
shared=$here/../../shared
if [ ! -f "$shared/eval/score.py" ] || [ ! -d "$shared/corpus/seeds" ]; then
    echo "eval: ../shared/eval and ../shared/corpus/seeds are not here" \
         "(they sit beside this checkout); nothing to measure"
    exit 0
fi
[ $# -eq 0 ] && [ -d "$shared/corpus/laws" ] && set -- "$shared/corpus/laws"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
topics=$shared/eval/qrels/topics.tsv

# run SET CORPUS: every topic, default and --exact, scored as JSON.
run() {
    for mode in default exact; do
        flag=; [ $mode = exact ] && flag=--exact
        tail -n +2 "$topics" | cut -f2 | while read -r q; do
            "$B/mzsearch" --index "$tmp/$1.idx" $flag --jsonl -n 50 "$q"
        done >"$tmp/$1.$mode.jsonl"
        python3 "$shared/eval/score.py" --corpus "$2" --json \
            "$tmp/$1.$mode.jsonl" >"$tmp/$1.$mode.json" || exit 2
    done
}

"$B/mzindex" --index "$tmp/seeds.idx" -q "$shared/corpus/seeds" || exit 2
run seeds seeds
sets=seeds
if [ $# -gt 0 ]; then
    "$B/mzindex" --index "$tmp/mix.idx" -q "$shared/corpus/seeds" "$@" || exit 2
    run mix all
    sets="seeds mix"
fi
[ -n "$EVAL_KEEP" ] && mkdir -p "$EVAL_KEEP" && cp "$tmp"/*.jsonl "$EVAL_KEEP"/

python3 - "$tmp" "$*" $sets <<'PY'
import json, sys, unicodedata
tmp, extra, sets = sys.argv[1], sys.argv[2], sys.argv[3:]
name = {"seeds": "seeds", "mix": "seeds+" + " ".join(p.rstrip("/").split("/")[-1] for p in extra.split())}
runs = [(s, m) for s in sets for m in ("default", "exact")]
res = {r: json.load(open("%s/%s.%s.json" % (tmp, r[0], r[1]))) for r in runs}
def pad(s, w):
    return s + " " * max(0, w - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s))
print("nDCG@10 and R@50 per topic (50 results a query); exact = --exact")
head = pad("", 20) + "".join(pad("%s %s" % (name[s], m), 20) for s, m in runs)
print(head)
print(pad("", 20) + "".join(pad("nDCG@10  R@50", 20) for _ in runs))
tids = list(res[runs[0]]["topics"])
for tid in tids:
    q = res[runs[0]]["topics"][tid]["query"]
    row = pad("%s %s" % (tid, q), 20)
    for r in runs:
        t = res[r]["topics"].get(tid, {})
        row += pad("%.3f    %.3f" % (t["ndcg10"], t["r50"]) if "ndcg10" in t else "n/a", 20)
    print(row)
for key, label in (("ndcg10", "mean nDCG@10"), ("p10", "mean P@10"), ("r50", "mean R@50")):
    print(pad(label, 20) + "".join(pad("%.3f" % res[r]["mean"][key], 20) for r in runs))
low = [tid for tid in tids if "ndcg10" in res[("mix" if "mix" in sets else "seeds", "default")]["topics"][tid]
       and res[("mix" if "mix" in sets else "seeds", "default")]["topics"][tid]["ndcg10"] <
       res[("mix" if "mix" in sets else "seeds", "exact")]["topics"][tid]["ndcg10"]]
print("topics where the default ranks below --exact (%s): %s" %
      (name["mix" if "mix" in sets else "seeds"], " ".join(low) if low else "none"))
PY
