#!/usr/bin/python3
"""bench.py — mzsearch against the tools people would use instead, side by
side in one run, as ratios (the machine is noisy: medians of several runs).

  bench/bench.py BUILD_DIR CORPUS_DIR... [--runs N] [--out bench/RESULTS.md]

Builds, over the same files: mzindex; plain Xapian with the QueryParser's
CJK n-grams (python3-xapian, a document a paragraph); SQLite FTS5 with the
trigram tokenizer (a row a paragraph).  Then times whole processes for a
fixed query set: mzsearch (text output, and --json), `rg -F`, the sqlite3
CLI and Xapian's `quest`.  Needs python3-xapian, sqlite3, ripgrep,
xapian-tools; says which is missing and leaves that peer out.
"""
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = ["风", "四风", "法院", "好人主义", "人民法院", "民主集中制",
           "意识形态工作", "行政处罚 罚款", "四风 OR 作风"]


def files_under(dirs):
    out = []
    for d in dirs:
        for root, subdirs, names in os.walk(d):
            subdirs[:] = [s for s in subdirs if not s.startswith(".")]
            out += [os.path.join(root, n) for n in names
                    if n.lower().endswith((".txt", ".md")) and not n.startswith(".")]
    return sorted(out)


def paragraphs(files):
    for f in files:
        try:
            text = open(f, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        for line in text.splitlines():
            line = line.strip()
            if line:
                yield f, line


def timed(cmd, **kw):
    """Run cmd; wall seconds and peak RSS (MB) of the process, via
    /usr/bin/time."""
    t0 = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True,
                       text=True, **kw)
    wall = time.monotonic() - t0
    try:
        rss = int(r.stderr.strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        rss = float("nan")
    return wall, rss, r


def du(path):
    total = 0
    for root, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(root, n)).st_blocks * 512
            except OSError:
                pass
    return total if os.path.isdir(path) else os.path.getsize(path)


BUILD_XAPIAN = r'''
import sys, xapian
db = xapian.WritableDatabase(sys.argv[1], xapian.DB_CREATE_OR_OPEN)
tg = xapian.TermGenerator()
tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
for path in sys.argv[2:]:
    try:
        text = open(path, encoding="utf-8").read()
    except (UnicodeDecodeError, OSError):
        continue
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(line)
        doc.set_data(path + "\n" + line)
        db.add_document(doc)
db.commit()
'''

BUILD_FTS = r'''
import sys, sqlite3
con = sqlite3.connect(sys.argv[1])
con.execute("CREATE VIRTUAL TABLE p USING fts5(path UNINDEXED, body, tokenize='trigram')")
rows = []
for path in sys.argv[2:]:
    try:
        text = open(path, encoding="utf-8").read()
    except (UnicodeDecodeError, OSError):
        continue
    rows += [(path, l.strip()) for l in text.splitlines() if l.strip()]
con.executemany("INSERT INTO p VALUES (?, ?)", rows)
con.commit()
'''


def fts_query(q):
    # FTS5 trigram needs >= 3 characters; shorter terms fall back to LIKE
    words = [w for w in q.split() if w != "OR"]
    op = " OR " if " OR " in q else " AND "
    if all(len(w) >= 3 for w in words):
        match = op.join('"%s"' % w for w in words)
        return "SELECT path, snippet(p, 1, '[', ']', '…', 20) FROM p WHERE p MATCH '%s' LIMIT 10;" % match
    cond = op.join("body LIKE '%%%s%%'" % w for w in words)
    return "SELECT path, substr(body, 1, 60) FROM p WHERE %s LIMIT 10;" % cond


def main():
    args = sys.argv[1:]
    runs, out = 5, None
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    if "--out" in args:
        i = args.index("--out")
        out = args[i + 1]
        del args[i:i + 2]
    build, corpus = args[0], args[1:]
    files = files_under(corpus)
    raw = sum(os.path.getsize(f) for f in files)
    tmp = tempfile.mkdtemp(prefix="mzbench-")
    lines = ["# Benchmark", "", "%s, %d files, %.1f MB, %d run(s) a query, medians; "
             "whole processes." % (datetime.date.today(), len(files), raw / 1e6, runs), ""]
    print("\n".join(lines))
    builds = []
    mzidx = os.path.join(tmp, "mz")
    w, rss, r = timed([os.path.join(build, "mzindex"), "--index", mzidx, "-q"] + corpus)
    builds.append(("mzindex", w, rss, du(mzidx)))
    peers = {}
    pyx = "/usr/bin/python3"
    has_xapian = subprocess.run([pyx, "-c", "import xapian"], capture_output=True).returncode == 0
    if has_xapian:
        xdb = os.path.join(tmp, "xapian")
        listf = os.path.join(tmp, "files")
        w, rss, r = timed([pyx, "-c", BUILD_XAPIAN, xdb] + files)
        builds.append(("plain Xapian, CJK n-grams", w, rss, du(xdb)))
        peers["quest"] = xdb
    else:
        print("python3-xapian is not installed: plain Xapian left out")
    fdb = os.path.join(tmp, "fts.db")
    w, rss, r = timed([pyx, "-c", BUILD_FTS, fdb] + files)
    if r.returncode == 0:
        builds.append(("SQLite FTS5 trigram", w, rss, du(fdb)))
        peers["sqlite3"] = fdb
    lines += ["## Build", "", "| indexer | wall s | MB/s | peak RSS MB | index ÷ raw | mzindex ÷ it (wall) |",
              "|---|---|---|---|---|---|"]
    for name, w, rss, size in builds:
        lines.append("| %s | %.1f | %.2f | %.0f | %.1f× | %.2f |" % (
            name, w, raw / 1e6 / w, rss, size / raw, builds[0][1] / w))
    lines.append("")
    tools = [("mzsearch", lambda q: [os.path.join(build, "mzsearch"), "--index", mzidx,
                                     "--color=never", "--exact", q]),
             ("mzsearch --json", lambda q: [os.path.join(build, "mzsearch"), "--index", mzidx,
                                            "--json", "--exact", q])]
    if shutil.which("rg"):
        tools.append(("rg -F", lambda q: ["rg", "-F", "-c", q.split()[0]] + corpus))
    if "sqlite3" in peers and shutil.which("sqlite3"):
        tools.append(("sqlite3 FTS5", lambda q: ["sqlite3", peers["sqlite3"], fts_query(q)]))
    if "quest" in peers and shutil.which("quest"):
        tools.append(("quest", lambda q: ["quest", "-d", peers["quest"], "-f", "cjk_ngram,default", "-o", "and", "-m", "10",
                                          q]))
    med = {}
    for name, cmd in tools:
        per = []
        for q in QUERIES:
            ts = sorted(timed(cmd(q))[0] for _ in range(runs))
            per.append(statistics.median(ts))
        med[name] = per
    lines += ["## Search (median wall ms per query)", "",
              "| query | " + " | ".join(n for n, _ in tools) + " |",
              "|---|" + "---|" * len(tools)]
    for i, q in enumerate(QUERIES):
        lines.append("| %s | " % q + " | ".join("%.1f" % (med[n][i] * 1e3) for n, _ in tools) + " |")
    overall = {n: statistics.median(med[n]) for n, _ in tools}
    lines.append("| **median** | " + " | ".join("%.1f" % (overall[n] * 1e3) for n, _ in tools) + " |")
    lines += ["", "Ratios of medians (peer ÷ mzsearch; above 1 means mzsearch is faster): " +
              ", ".join("%s %.2f" % (n, overall[n] / overall["mzsearch"]) for n, _ in tools[1:]), ""]
    text = "\n".join(lines)
    print("\n".join(lines[lines.index("## Build"):]))
    if out:
        open(out, "w").write(text + "\n")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
