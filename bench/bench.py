#!/usr/bin/python3
"""bench.py - mzindex/mzsearch against the tools people would use instead,
side by side in one run, printed as ratios and written to bench/RESULTS.md.

  bench/bench.py BUILD_DIR CORPUS_DIR... [--runs N] [--no-big] [--quick]
                 [--big-peers fts5,xapian|none] [--out bench/RESULTS.md]

What it does, in order (everything lives in one temp dir, /tmp/bench-*,
removed at the end; the corpus given is only read):

 1. Copies the corpus to the temp dir (the changed-file test writes to it).
 2. Builds, over the same files: mzindex; plain Xapian with the
    QueryParser's CJK n-grams (python3-xapian, a document a paragraph);
    SQLite FTS5 with the trigram tokenizer (python3 sqlite3, a row a
    paragraph).  Wall time, MB/s, peak RSS (wait4 rusage), index size before
    and after compaction (mzindex --compact, xapian-compact, FTS5 'optimize'
    + VACUUM), each against the raw text size.  Beside them, on the first
    corpus, the xapian build floor (bench/buildfloor.cc): mzindex's index
    written again by Xapian alone, the way mzindex writes it (same jobs,
    parts, flush threshold, compaction), from documents read beforehand;
    the median of --build-floor-runs timed runs (3).
 3. Times whole processes with hyperfine (-N, warm-up runs, every run kept)
    in interleaved rounds — each round runs every tool once on every query —
    so that a noisy machine's drift touches every tool alike, for a fixed
    query set: mzsearch as a user runs it (text, --color=never,
    10 results), mzsearch --json, `rg -F`, the sqlite3 CLI and Xapian's
    `quest`.  Median and p95 per query and over all runs.  Also the search
    time mzsearch --json reports itself (elapsed_ms).
 4. Appends a new line to one file of the copy, runs `mzindex` (update) and
    `mzsearch THE_LINE`: the time until a changed file is searchable.
 5. The same on a corpus SCALE (10) times as big, generated from the first
    as new text by bench/gencorpus.py (documents shaped like the source's,
    sentences rebuilt from its clauses, no paragraph copied or repeated):
    scale, not near copies.  It needs about SCALE x the corpus on disk for
    the text and 4 x that for the indexes (30x of 58 MB: ~1.7 GB of text,
    ~9 GB in all), removed at the end.  Plain Xapian is slow there and is
    left out unless --big-peers names it.
 6. The costliest queries the query caps allow (query/query.h: bytes, words,
    one-character words), made from the corpus's commonest characters and
    bigrams and the built-in thesaurus's topics: wall time and peak RSS of
    each, and that a query just past a cap is refused (exit 2, bad_query).
    (A peak RSS counts at least this process's own, some 15 MB: a forked
    child starts as its copy.)
    `--cap-only` builds mzsearch's index and measures only this.
 7. Served: mzsearch --serve on the index, asked by bench/load.c
    (mzload: keep-alive connections, the query set in turn) at 1 and 16
    concurrent clients for --serve-seconds each: the latency a client sees
    (p50, p99), the search time the server reports (elapsed_ms), and
    queries/s; beside whole-process mzsearch --json (hyperfine) and SQLite
    FTS5 queried in-process (python3 sqlite3, the same SQL as the sqlite3
    CLI's), on the 58 MB corpus and again on the big one.  `--serve-only` builds mzsearch's index and FTS5 and measures
    only this.
 8. Prints the issue's targets, what was measured, and whether each is met.

Ratios are always "peer / mzsearch" (or "peer / mzindex") of a quantity
where less is better: above 1 means mzsearch does better.

Needs hyperfine, ripgrep, sqlite3, python3-xapian, xapian-tools (make
bench-deps); a missing tool is named with its package and left out.
"""
import argparse
import collections
import datetime
import json
import math
import os
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# The fixed query set: (query, what it is).  Words are separate arguments
# for mzsearch, as a user types them.
QUERIES = [
    ("风", "1 char"),
    ("党", "1 char"),
    ("四风", "2 chars"),
    ("法院", "2 chars"),
    ("好人主义", "4 chars"),
    ("人民法院", "4 chars"),
    ("意识形态工作", "6 chars"),
    ("行政处罚 罚款", "AND"),
    ("四风 OR 作风", "OR"),
]

PACKAGES = {"hyperfine": "hyperfine", "rg": "ripgrep", "sqlite3": "sqlite3",
            "quest": "xapian-tools", "xapian-compact": "xapian-tools",
            "xapian": "python3-xapian"}

PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
T0 = time.monotonic()


def log(msg):
    print("[%5.0f s] %s" % (time.monotonic() - T0, msg), file=sys.stderr, flush=True)


# ---------------------------------------------------------------- files

def corpus_files(dirs):
    """The files mzindex reads from these folders (.txt/.md, not hidden)."""
    out = []
    for d in dirs:
        for root, subdirs, names in os.walk(d):
            subdirs[:] = sorted(s for s in subdirs if not s.startswith("."))
            out += [os.path.join(root, n) for n in sorted(names)
                    if n.lower().endswith((".txt", ".md")) and not n.startswith(".")]
    return out


def copy_corpus(dirs, dest):
    """A writable copy of each folder under dest; returns the new folders."""
    roots = []
    for d in dirs:
        top = os.path.join(dest, os.path.basename(os.path.normpath(d)))
        for root, subdirs, names in os.walk(d):
            subdirs[:] = [s for s in subdirs if not s.startswith(".")]
            target = os.path.join(top, os.path.relpath(root, d))
            os.makedirs(target, exist_ok=True)
            for n in names:
                shutil.copyfile(os.path.join(root, n), os.path.join(target, n))
        roots.append(top)
    return roots


def make_big_corpus(dirs, dest, scale):
    """scale times the corpus as new text (bench/gencorpus.py, seed 1):
    documents shaped like the source's, sentences rebuilt from its clauses,
    no paragraph copied, under YEAR/FOLDER/."""
    gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gencorpus.py")
    r = subprocess.run([sys.executable, gen, "--scale", str(scale), "--seed", "1",
                        "--out", dest] + list(dirs), capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("gencorpus failed: " + r.stderr.strip()[-500:])
    log(r.stdout.strip())
    return [dest]


def disk_size(path):
    """Bytes on disk (allocated blocks) of a file or a folder."""
    if os.path.isfile(path):
        return os.stat(path).st_blocks * 512
    total = 0
    for root, _, names in os.walk(path):
        for n in names:
            total += os.lstat(os.path.join(root, n)).st_blocks * 512
    return total


def mz_db_size(index):
    """Size of an mzsearch index: the databases its stub XAPIANDB names
    (the live one and, if any, the read-only base).  A database that a
    compaction or rebuild replaced stays beside them until the next mzindex
    run; it is not counted."""
    try:
        with open(os.path.join(index, "XAPIANDB")) as f:
            names = [line.split()[1] for line in f if len(line.split()) == 2]
        dbs = [os.path.join(index, n) for n in names]
        if dbs and all(os.path.isdir(d) for d in dbs):
            return sum(disk_size(d) for d in dbs)
    except OSError:
        pass
    return disk_size(index)


# ---------------------------------------------------------------- running

Run = collections.namedtuple("Run", "wall cpu rss rc err")


def run_measured(cmd):
    """Run cmd, output discarded: wall and CPU (user + system) seconds,
    peak RSS in MB (wait4's rusage), exit status, stderr text."""
    with tempfile.TemporaryFile() as err:
        t = time.monotonic()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, p.returncode, text)


def build_record(name, built, size, compacted, csize):
    """One row of the build table."""
    nan = float("nan")
    return {"name": name, "wall": built.wall, "cpu": built.cpu, "rss": built.rss,
            "size": size, "cwall": compacted.wall if compacted else nan,
            "csize": csize if compacted else nan}


def percentile(values, q):
    """Nearest-rank percentile (q in 0..100)."""
    values = sorted(values)
    return values[max(0, math.ceil(q / 100 * len(values)) - 1)]


def interleaved(tools, queries, runs, warmup, scratch):
    """Time every (tool, query) in rounds: each round runs every tool once on
    every query (hyperfine -N --runs 1 over the whole list, query by query),
    so a machine that slows down or speeds up during the run touches every
    tool alike.  The first round is preceded by `warmup` untimed runs of
    each.  tools: [(name, argv_of_query)].  Returns {name: [[times (s)] per
    query]}."""
    out = {name: [[] for _ in queries] for name, _ in tools}
    cmds = [(name, qi, argv(q)) for qi, q in enumerate(queries) for name, argv in tools]
    for r in range(runs):
        times = hyperfine([("%s|%d" % (name, qi), cmd) for name, qi, cmd in cmds], 1,
                          warmup if r == 0 else 0, scratch)
        for (name, qi, _), t in zip(cmds, times):
            out[name][qi] += t
    return out


def hyperfine(commands, runs, warmup, scratch):
    """Time each (name, argv) with hyperfine; a list of run times (s) each."""
    out = os.path.join(scratch, "hyperfine.json")
    argv = ["hyperfine", "-N", "-i", "--style", "none", "--warmup", str(warmup),
            "--runs", str(runs), "--export-json", out]
    for name, cmd in commands:
        argv += ["-n", name, shlex.join(cmd)]
    r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("hyperfine failed: " + r.stderr.strip()[-500:])
    with open(out) as f:
        return [res["times"] for res in json.load(f)["results"]]


# ---------------------------------------------------------------- peers

READ_TEXT = r'''
import sys
def paragraphs(listfile):
    """(path, line number, text) of every non-empty line of the listed files."""
    for path in open(listfile, encoding="utf-8").read().splitlines():
        data = open(path, "rb").read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", "replace")
        for n, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if line:
                yield path, n, line
'''

BUILD_XAPIAN = READ_TEXT + r'''
import xapian
db = xapian.WritableDatabase(sys.argv[1], xapian.DB_CREATE_OR_OPEN)
tg = xapian.TermGenerator()
tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
for path, n, line in paragraphs(sys.argv[2]):
    doc = xapian.Document()
    tg.set_document(doc)
    tg.index_text(line)
    doc.set_data("%s:%d: %s" % (path, n, line))
    db.add_document(doc)
db.commit()
'''

BUILD_FTS = READ_TEXT + r'''
import sqlite3
con = sqlite3.connect(sys.argv[1])
con.execute("CREATE VIRTUAL TABLE p USING fts5(path UNINDEXED, line UNINDEXED, body, tokenize='trigram')")
with con:
    con.executemany("INSERT INTO p VALUES (?, ?, ?)", paragraphs(sys.argv[2]))
con.close()
'''

COMPACT_FTS = r'''
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
with con:
    con.execute("INSERT INTO p(p) VALUES ('optimize')")
con.execute("VACUUM")
con.close()
'''


def query_words(query):
    """One of QUERIES as ("AND" or "OR", its words)."""
    words = query.split()
    return ("OR" if "OR" in words else "AND"), [w for w in words if w != "OR"]


def fts_sql(query):
    """The sqlite3 CLI query for one of QUERIES: MATCH for words of 3+
    characters (ranked), LIKE '%w%' for shorter ones (the trigram
    tokenizer cannot match them: a full scan, unranked).  The LIKE is
    written `+body LIKE`: a plain `body LIKE` is handed to FTS5, which in
    SQLite 3.40 counts the pattern in bytes, takes a 1-2 character Chinese
    pattern for a trigram and finds nothing."""
    op, words = query_words(query)
    long_ = [w for w in words if len(w) >= 3]
    short = [w for w in words if len(w) < 3]
    like = ["+body LIKE '%%%s%%'" % w for w in short]
    snippet = "snippet(p, 2, '[', ']', '…', 16)"
    if not short or (op == "AND" and long_):
        match = "p MATCH '%s'" % (" %s " % op).join('"%s"' % w for w in long_)
        where = " AND ".join([match] + like)
        return ("SELECT path, line, %s FROM p WHERE %s ORDER BY rank LIMIT 10;"
                % (snippet, where))
    where = (" %s " % op).join("+body LIKE '%%%s%%'" % w for w in words)
    return "SELECT path, line, substr(body, 1, 60) FROM p WHERE %s LIMIT 10;" % where


def rg_argv(query, dirs):
    """What a user runs with ripgrep: matching lines printed."""
    op, words = query_words(query)
    if op == "OR":
        argv = ["rg", "-F"]
        for w in words:
            argv += ["-e", w]
        return argv + dirs
    if len(words) == 1:
        return ["rg", "-F", query] + dirs
    a, b = (re.escape(w) for w in words)       # a line holding both words
    return ["rg", "%s.*%s|%s.*%s" % (a, b, b, a)] + dirs


def quest_argv(query, db):
    return ["quest", "-d", db, "-f", "cjk_ngram,default", "-o", "and", "-m", "10", query]


def floor_argv(floor, query, idx):
    """bench/floor.cc over mzsearch's index: the literal words, AND or OR."""
    op, words = query_words(query)
    return [floor, idx, op.lower()] + words


def query_caps():
    """The caps of query/query.h, by name (BYTES, WORDS, CHARS)."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "query", "query.h"), encoding="utf-8") as f:
        return {m.group(1): int(m.group(2))
                for m in re.finditer(r"MZ_QUERY_MAX_(\w+) = (\d+)", f.read())}


def builtin_topics():
    """The topics of the built-in thesaurus (query/thesaurus.txt), in order."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    with open(os.path.join(here, "..", "query", "thesaurus.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0]
            if "=" in line and "<=>" not in line:
                out.append(line.split("=", 1)[0].strip())
    return out


def cap_queries(files, caps):
    """(what it is, argv words) of the costliest queries within the caps,
    from the corpus itself: its commonest Han characters (each answered by
    every term it starts) and bigrams, the thesaurus topics (each expanded
    into its forms), the longest phrase; and two just past a cap."""
    chars, bigrams, longest = collections.Counter(), collections.Counter(), ""
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                for run in re.findall("[\u4e00-\u9fff]+", line):
                    chars.update(set(run))
                    bigrams.update(set(run[i:i + 2] for i in range(len(run) - 1)))
                if len(line.encode()) > len(longest.encode()):
                    longest = line.strip()
    nw, nc = caps["WORDS"], caps["CHARS"]
    no = nc // 2                       # a character in an OR counts twice
    top_c = [c for c, _ in chars.most_common(nc)]
    top_b = [b for b, _ in bigrams.most_common(nw + 1)]
    words = top_c[:no] + top_b[:nw - no]
    anded = top_c + top_b[:nw - nc]
    topics = builtin_topics()[:nw]
    phrase = longest.replace('"', " ").encode()[:caps["BYTES"] - 2].decode("utf-8", "ignore")
    or_ = lambda ws: " OR ".join(ws).split()
    return [
        ("OR of the %d commonest characters and %d commonest bigrams" % (no, nw - no),
         or_(words), 0),
        ("AND of the %d commonest characters and %d commonest bigrams" % (nc, nw - nc),
         anded, 0),
        ("OR of %d thesaurus topics (expanded)" % len(topics), or_(topics), 0),
        ("AND of the same %d topics" % len(topics), topics, 0),
        ("the commonest bigram and %d excluded ones" % (nw - 1),
         [top_b[0]] + ["-" + b for b in top_b[1:nw]], 0),
        ("the corpus's longest line, quoted, cut to %d bytes" % caps["BYTES"],
         ['"%s"' % phrase], 0),
        ("the commonest character %d times (merged into one word)" % (caps["BYTES"] // 4),
         [top_c[0]] * (caps["BYTES"] // 4), 0),
        ("past the cap: %d commonest bigrams" % (nw + 1), top_b[:nw + 1], 2),
        ("past the cap: %d commonest characters" % (nc + 1),
         [c for c, _ in chars.most_common(nc + 1)], 2),
    ]


def found_something(tool, output):
    """Whether a searcher's output lists at least one match."""
    if tool == "quest":
        return re.search(r"^\d+: \[", output, re.M) is not None
    if tool.startswith("mzsearch"):
        return not re.search(r'^0 results|"total":\s*0\b', output, re.M)
    return output.strip() != ""


def have_python_xapian():
    return subprocess.run([PY, "-c", "import xapian"], capture_output=True).returncode == 0


# ---------------------------------------------------------------- phases

class Bench:
    def __init__(self, args):
        self.args = args
        self.build = args.build
        self.mzindex = os.path.join(args.build, "mzindex")
        self.mzsearch = os.path.join(args.build, "mzsearch")
        self.floor = os.path.join(args.build, "xapian-floor")
        self.build_floor = os.path.join(args.build, "xapian-build-floor")
        self.notes = []        # lines for the report: what was left out and why
        self.missing = set()
        for tool in ("hyperfine", "rg", "sqlite3", "quest", "xapian-compact"):
            if not shutil.which(tool):
                self.missing.add(tool)
        if not have_python_xapian():
            self.missing.add("xapian")
        what = {"hyperfine": "search latency not measured",
                "xapian": "plain Xapian and quest left out",
                "xapian-compact": "plain Xapian not compacted"}
        for tool in sorted(self.missing):
            self.note("%s is not installed (package %s): %s." % (
                "the Python module xapian" if tool == "xapian" else tool, PACKAGES[tool],
                what.get(tool, "left out")))

    def note(self, text):
        self.notes.append(text)
        log("note: " + text)

    # -- build
    def generated_base(self, corpus, tmp):
        """mzindex's build of the generated 1× corpus: what the big build's
        growth is measured against (the same kind of text, so the ratio is
        scale alone, not the generator's longer headings)."""
        gdir = os.path.join(tmp, "gen1")
        log("generating the 1× corpus (the big build's base)")
        base = self.build_all("generated 1× (%.0f MB)",
                              make_big_corpus(corpus, os.path.join(gdir, "corpus"), 1),
                              gdir, set())
        shutil.rmtree(gdir, ignore_errors=True)
        return base

    def build_all(self, label, roots, scratch, peers):
        """Index roots with mzindex and the peers; returns a dict."""
        files = corpus_files(roots)
        raw = sum(os.path.getsize(f) for f in files)
        listfile = os.path.join(scratch, "files.txt")
        with open(listfile, "w", encoding="utf-8") as f:
            f.write("".join(p + "\n" for p in files))
        label = label % (raw / 1e6)
        c = {"label": label, "roots": roots, "files": len(files), "raw": raw,
             "builds": [], "dbs": {}}
        log("%s: %d files, %.1f MB" % (label, len(files), raw / 1e6))

        idx = os.path.join(scratch, "mz")
        log("%s: mzindex" % label)
        built = run_measured([self.mzindex, "--index", idx, "-q"] + roots)
        if built.rc not in (0, 1):
            sys.exit("bench: mzindex failed (exit %d): %s" % (built.rc, built.err.strip()))
        size = mz_db_size(idx)
        compacted = run_measured([self.mzindex, "--index", idx, "--compact"])
        if compacted.rc != 0:
            self.note("mzindex --compact failed on %s (exit %d): %s" % (
                label, compacted.rc, compacted.err.strip()))
            compacted = None
        c["builds"].append(build_record("mzindex", built, size, compacted, mz_db_size(idx)))
        c["dbs"]["mz"] = idx
        if "build floor" in peers:
            self.time_build_floor(c, label, idx, scratch)
        try:
            st = json.loads(subprocess.run([self.mzindex, "--index", idx, "--status", "--json"],
                                           capture_output=True, text=True).stdout)
            c["passages"] = st.get("passages")
        except (ValueError, AttributeError):
            c["passages"] = None

        if "xapian" in peers and "xapian" not in self.missing:
            db = os.path.join(scratch, "xapian")
            log("%s: plain Xapian (python3-xapian, CJK n-grams)" % label)
            built = run_measured([PY, "-c", BUILD_XAPIAN, db, listfile])
            if built.rc != 0:
                self.note("plain Xapian build failed: " + built.err.strip()[-300:])
            else:
                size, compacted, csize = disk_size(db), None, None
                if "xapian-compact" not in self.missing:
                    compacted = run_measured(["xapian-compact", db, db + ".compact"])
                    if compacted.rc == 0:
                        csize = disk_size(db + ".compact")
                        shutil.rmtree(db)
                        os.rename(db + ".compact", db)
                    else:
                        self.note("xapian-compact failed: " + compacted.err.strip()[-300:])
                        compacted = None
                c["builds"].append(build_record("plain Xapian", built, size, compacted, csize))
                c["dbs"]["xapian"] = db

        if "fts5" in peers:
            db = os.path.join(scratch, "fts.db")
            log("%s: SQLite FTS5 trigram" % label)
            built = run_measured([PY, "-c", BUILD_FTS, db, listfile])
            if built.rc != 0:
                self.note("SQLite FTS5 build failed: " + built.err.strip()[-300:])
            else:
                size = disk_size(db)
                compacted = run_measured([PY, "-c", COMPACT_FTS, db])
                if compacted.rc != 0:
                    self.note("FTS5 optimize/VACUUM failed: " + compacted.err.strip()[-300:])
                    compacted = None
                c["builds"].append(build_record("SQLite FTS5", built, size, compacted,
                                                disk_size(db)))
                c["dbs"]["fts5"] = db
        return c

    def time_build_floor(self, c, label, idx, scratch):
        """bench/buildfloor.cc on mzindex's index: the row "xapian build
        floor" (median wall and CPU of its timed runs; no RSS: it holds the
        whole index in memory to write it) and c["build_floor"]."""
        runs = self.args.build_floor_runs
        if runs < 1:
            return
        if not os.access(self.build_floor, os.X_OK):
            self.note("bench/buildfloor.cc is not built (make bench builds it): "
                      "no build floor.")
            return
        log("%s: xapian build floor (%d runs)" % (label, runs))
        out = os.path.join(scratch, "build-floor")
        r = subprocess.run([self.build_floor, "--runs", str(runs), idx, out],
                           capture_output=True, text=True)
        shutil.rmtree(out, ignore_errors=True)
        try:
            f = json.loads(r.stdout)
        except ValueError:
            self.note("the build floor failed (exit %d): %s" % (r.returncode,
                                                                r.stderr.strip()[-300:]))
            return
        if not f.get("same"):
            self.note("the build floor's base differs from mzindex's (%s): not counted."
                      % r.stderr.strip()[-300:])
            return
        c["build_floor"] = f
        c["builds"].append(build_record("xapian build floor",
                                        Run(f["wall_s"], f["cpu_s"], float("nan"), 0, ""),
                                        f["index_bytes"], None, None))

    # -- search
    def tools(self, c):
        """(name, query -> argv) for every searcher available on corpus c."""
        idx = c["dbs"]["mz"]
        out = [("mzsearch", lambda q: [self.mzsearch, "--index", idx, "--color=never"] + q.split()),
               ("mzsearch --json", lambda q: [self.mzsearch, "--index", idx, "--json"] + q.split())]
        if "rg" not in self.missing:
            out.append(("rg -F", lambda q: rg_argv(q, c["roots"])))
        if "fts5" in c["dbs"] and "sqlite3" not in self.missing:
            out.append(("sqlite3 FTS5", lambda q: ["sqlite3", c["dbs"]["fts5"], fts_sql(q)]))
        if "xapian" in c["dbs"] and "quest" not in self.missing:
            out.append(("quest", lambda q: quest_argv(q, c["dbs"]["xapian"])))
        if os.access(self.floor, os.X_OK):
            out.append(("xapian floor", lambda q: floor_argv(self.floor, q, idx)))
        return out

    def search_all(self, c, scratch):
        runs, warmup = self.args.runs, self.args.warmup
        c["search"] = {}                      # tool -> [times (s) per query]
        if "hyperfine" in self.missing:
            return
        tools = self.tools(c)
        for name, argv in tools:
            for q, _ in QUERIES:    # a failing or empty answer is reported, not hidden
                r = subprocess.run(argv(q), capture_output=True, text=True,
                                   errors="replace")  # the floor prints binary records
                if r.returncode not in (0, 1):
                    self.note("%s on %s, query %s: exit %d: %s" % (
                        name, c["label"], q, r.returncode, r.stderr.strip()[:200]))
                elif not found_something(name, r.stdout):
                    self.note("%s on %s found nothing for %s." % (name, c["label"], q))
        log("%s: search, %d rounds of %d tools x %d queries (interleaved)" % (
            c["label"], runs, len(tools), len(QUERIES)))
        c["search"] = interleaved(tools, [q for q, _ in QUERIES], runs, warmup, scratch)
        self.elapsed_ms(c)

    def elapsed_ms(self, c):
        """The search time mzsearch --json reports (median of the runs), and
        how many passages match, per query."""
        c["elapsed"], c["total"] = [], []
        for q, _ in QUERIES:
            ms, total = [], None
            for _ in range(self.args.runs):
                r = subprocess.run([self.mzsearch, "--index", c["dbs"]["mz"], "--json"] + q.split(),
                                   capture_output=True, text=True)
                try:
                    d = json.loads(r.stdout)
                    ms.append(d["elapsed_ms"])
                    total = "%s%d" % ("" if d.get("total_exact", True) else "~", d["total"])
                except (ValueError, KeyError):
                    pass
            c["elapsed"].append(statistics.median(ms) if ms else float("nan"))
            c["total"].append(total or "?")

    # -- served: mzsearch --serve
    def serve_test(self, c, scratch):
        """mzsearch --serve asked by mzload at 1 and 16 clients; whole-process
        mzsearch --json and in-process FTS5 beside it."""
        load = os.path.join(self.build, "mzload")
        if not os.access(load, os.X_OK):
            self.note("bench/load.c is not built (make bench builds it): served latency not measured.")
            return
        err = os.path.join(scratch, "serve.err")
        with open(err, "w") as ef:
            srv = subprocess.Popen([self.mzsearch, "--serve", "0", "--index", c["dbs"]["mz"]],
                                   stderr=ef)
        try:
            port = None
            for _ in range(100):
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", open(err).read())
                if m:
                    port = m.group(1)
                    break
                time.sleep(0.05)
            if not port:
                self.note("mzsearch --serve did not start: " + open(err).read().strip()[:200])
                return
            c["served"] = []
            for clients in (1, 16):
                log("%s: mzsearch --serve, %d client(s), %g s" % (c["label"], clients,
                                                                 self.args.serve_seconds))
                r = subprocess.run([load, "127.0.0.1", port, str(clients),
                                    str(self.args.serve_seconds)] + [q for q, _ in QUERIES],
                                   capture_output=True, text=True, check=True)
                c["served"].append(json.loads(r.stdout))
        finally:
            srv.terminate()
            c["serve_exit"] = srv.wait(timeout=60)
        if "hyperfine" not in self.missing and "mzsearch --json" not in c.get("search", {}):
            c.setdefault("search", {})["mzsearch --json"] = hyperfine(
                [(q, [self.mzsearch, "--index", c["dbs"]["mz"], "--json"] + q.split())
                 for q, _ in QUERIES], self.args.runs, self.args.warmup, scratch)
        if "fts5" in c["dbs"]:
            c["fts5_inproc"] = fts5_in_process(c["dbs"]["fts5"], self.args.runs * 10)
        if os.access(self.floor, os.X_OK):
            # the floor of a resident server: Xapian alone, the index open
            args = [self.floor, "--resident", str(self.args.runs * 10), c["dbs"]["mz"]]
            for i, (q, _) in enumerate(QUERIES):
                op, words = query_words(q)
                args += (["--"] if i else []) + [op.lower()] + words
            r = subprocess.run(args, capture_output=True, text=True)
            if r.returncode == 0:
                c["floor_resident"] = json.loads(r.stdout)

    # -- the query caps
    def cap_test(self, c, runs=3):
        """Each cap query run `runs` times as a user runs it (10 results,
        thesaurus on): median wall, peak RSS; and whether those past a cap
        are refused with bad_query."""
        caps = query_caps()
        c["caps"], c["cap"] = caps, []
        log("%s: the costliest queries within the caps %s" % (c["label"], caps))
        # made in a child process: this one's memory would count in the
        # peak RSS of every process it starts (a fork copies it)
        r = subprocess.run([PY, os.path.abspath(__file__), "--cap-queries"] + c["roots"],
                           capture_output=True, text=True, check=True)
        for what, words, want in json.loads(r.stdout):
            argv = [self.mzsearch, "--index", c["dbs"]["mz"], "--color=never", "--"] + words
            ms = [run_measured(argv) for _ in range(runs)]
            counted = [run_measured(argv[:3] + ["--count"] + argv[3:])
                       for _ in range(runs if want == 0 else 0)]
            rc = {m.rc for m in ms}
            refused = False
            if want == 2:
                r = subprocess.run(argv[:-len(words) - 1] + ["--json", "--"] + words,
                                   capture_output=True, text=True)
                try:
                    refused = rc == {2} and json.loads(r.stdout)["error"]["code"] == "bad_query"
                except (ValueError, KeyError, TypeError):
                    pass
            if want == 0 and not rc <= {0, 1}:
                self.note("cap query '%s': exit %s: %s" % (what, sorted(rc), ms[0].err.strip()[:200]))
            c["cap"].append({"what": what, "bytes": len(" ".join(words).encode()),
                             "wall": statistics.median(m.wall for m in ms),
                             "rss": max(m.rss for m in ms + counted), "rc": sorted(rc),
                             "cwall": statistics.median(m.wall for m in counted)
                             if counted else float("nan"),
                             "past": want == 2, "refused": refused})

    # -- changed file
    def change_test(self, c, runs, seed):
        """Append a new line to a file, update, search for it: seconds."""
        files = corpus_files(c["roots"])
        files.sort(key=os.path.getsize)
        middle = files[len(files) // 3: 2 * len(files) // 3]      # typical sizes
        rnd = random.Random(seed)
        pool = "鹦鹉螺旋桨翡翠琥珀玳瑁麒麟饕餮蝌蚪蜻蜓鸳鸯芍药枇杷葫芦琵琶"
        idx = c["dbs"]["mz"]
        times, upd, srch = [], [], []
        for i in range(runs):
            path = middle[rnd.randrange(len(middle))]
            phrase = "".join(rnd.choice(pool) for _ in range(6)) + str(rnd.randrange(10000, 99999))
            before = subprocess.run([self.mzsearch, "--index", idx, "--count", phrase],
                                    capture_output=True, text=True)
            with open(path, "a", encoding="utf-8") as f:
                f.write("\n基准测试新增一行：%s。\n" % phrase)
            t = time.monotonic()
            u = subprocess.run([self.mzindex, "--index", idx, "-q"], capture_output=True, text=True)
            t_upd = time.monotonic()
            s = subprocess.run([self.mzsearch, "--index", idx, "--color=never", phrase],
                               capture_output=True, text=True)
            t_end = time.monotonic()
            found = s.returncode == 0 and path in s.stdout
            if u.returncode not in (0, 1) or not found:
                self.note("changed-file test on %s: update exit %d, search exit %d, %s%s" % (
                    c["label"], u.returncode, s.returncode,
                    "found" if found else "NOT found in " + path,
                    "" if before.stdout.strip() in ("0", "") else
                    " (the phrase was there before: %s)" % before.stdout.strip()))
                continue
            times.append(t_end - t)
            upd.append(t_upd - t)
            srch.append(t_end - t_upd)
        c["change"] = {"runs": len(times), "total": times, "update": upd, "search": srch,
                       "file_sizes": (os.path.getsize(middle[0]), os.path.getsize(middle[-1]))}


# ---------------------------------------------------------------- report

def fmt(x, spec="%.1f"):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else spec % x


def build_table(c):
    raw, mz = c["raw"], c["builds"][0]
    out = ["| indexer | wall s | CPU s | MB/s | peak RSS MB | index MB | ÷ raw | compact s "
           "| compacted MB | ÷ raw | wall: it ÷ mzindex | RSS: it ÷ mzindex |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for b in c["builds"]:
        other = b["name"] != "mzindex"
        out.append("| %s | %.1f | %.1f | %.2f | %s | %.0f | %.2f× | %s | %s | %s | %s | %s |" % (
            b["name"], b["wall"], b["cpu"], raw / 1e6 / b["wall"], fmt(b["rss"], "%.0f"),
            b["size"] / 1e6, b["size"] / raw, fmt(b["cwall"]), fmt(b["csize"] / 1e6, "%.0f"),
            fmt(b["csize"] / raw, "%.2f×"),
            "%.2f" % (b["wall"] / mz["wall"]) if other else "",
            fmt(b["rss"] / mz["rss"], "%.2f") if other else ""))
    f = c.get("build_floor")
    if f:
        out += ["", "`xapian build floor` (bench/buildfloor.cc): mzindex's index (%d documents, "
                "%d postings) written again with Xapian alone as mzindex writes it (%d jobs, "
                "%d parts, flush every 2,500 documents, compacted into one base), from "
                "documents read into memory beforehand (%.1f s, untimed): median of %d runs "
                "(walls %s s): what writing this index through Xapian 1.4 costs with mzindex's "
                "settings and none of mzindex's own work. No peak RSS (it holds the whole index "
                "in memory)." % (
                    f["documents"], f["postings"], f["jobs"], f["parts"], f["read_s"],
                    f["runs"], ", ".join("%.1f" % w for w in f["walls"]))]
    return out


def overall(times_per_query):
    every = [t for ts in times_per_query for t in ts]
    return statistics.median(every), percentile(every, 95)


def search_table(c):
    names = list(c["search"])
    out = ["| query | kind | matches | " + " | ".join(names) + " | mzsearch elapsed_ms |",
           "|---|---|---|" + "---|" * len(names) + "---|"]
    for i, (q, kind) in enumerate(QUERIES):
        cells = []
        for n in names:
            ts = c["search"][n][i]
            cell = "%.1f / %.1f" % (statistics.median(ts) * 1e3, percentile(ts, 95) * 1e3)
            if n == "sqlite3 FTS5" and "LIKE" in fts_sql(q):
                cell += " (LIKE)"
            cells.append(cell)
        out.append("| %s | %s | %s | %s | %.1f |" % (q, kind, c["total"][i], " | ".join(cells),
                                                     c["elapsed"][i]))
    meds = {n: overall(c["search"][n]) for n in names}
    out.append("| **all runs** | | | " + " | ".join(
        "**%.1f / %.1f**" % (m * 1e3, p * 1e3) for m, p in meds.values()) +
        " | %.1f |" % statistics.median(c["elapsed"]))
    mz = meds["mzsearch"][0]
    out += ["", "Median over all runs, peer ÷ mzsearch (text output); above 1 means mzsearch "
            "is faster: " + ", ".join("%s %.2f" % (n, meds[n][0] / mz) for n in names[1:]) + ".",
            "p95 ÷ median over all runs: " + ", ".join(
                "%s %.2f" % (n, meds[n][1] / meds[n][0]) for n in names) + "."]
    return out


def cap_table(c):
    out = ["| query | bytes | exit | median wall s | --count: median wall s | peak RSS MB |",
           "|---|---|---|---|---|---|"]
    for q in c.get("cap", []):
        out.append("| %s | %d | %s | %.3f | %s | %.0f |" % (
            q["what"], q["bytes"], "/".join(map(str, q["rc"])), q["wall"],
            fmt(q["cwall"], "%.3f"), q["rss"]))
    return out


def cap_rows(c):
    """The target rows of the cap test on corpus c."""
    within = [q for q in c.get("cap", []) if not q["past"]]
    past = [q for q in c.get("cap", []) if q["past"]]
    if not within:
        return []
    slow = max(within, key=lambda q: q["wall"])
    cslow = max(within, key=lambda q: q["cwall"])
    big = max(within, key=lambda q: q["rss"])
    caps = c["caps"]
    return [("any query within the caps (%d bytes, %d words, %d one-character) "
             "< 1 s and < 200 MB (%s)" % (caps["BYTES"], caps["WORDS"], caps["CHARS"], c["label"]),
             "slowest %.3f s (%s); most memory %.0f MB (%s)" % (
                 slow["wall"], slow["what"], big["rss"], big["what"]),
             "yes" if slow["wall"] < 1 and big["rss"] < 200 else "**no**"),
            ("the same with --count (%s)" % c["label"],
             "slowest %.3f s (%s)" % (cslow["cwall"], cslow["what"]),
             "yes" if cslow["cwall"] < 1 else "**no**"),
            ("a query past a cap is refused with bad_query (%s)" % c["label"],
             "%d of %d refused" % (sum(q["refused"] for q in past), len(past)),
             "yes" if past and all(q["refused"] for q in past) else "**no**")]


def change_line(c):
    ch = c.get("change")
    if not ch or not ch["runs"]:
        return "not measured"
    return ("median %.3f s (update %.3f s + search %.3f s), max %.3f s, over %d runs; "
            "files of %.0f–%.0f KB" % (
                statistics.median(ch["total"]), statistics.median(ch["update"]),
                statistics.median(ch["search"]), max(ch["total"]), ch["runs"],
                ch["file_sizes"][0] / 1e3, ch["file_sizes"][1] / 1e3))


def fts5_in_process(db, runs):
    """Each query's SQL run `runs` times on one open connection (python3
    sqlite3, no process started): the times (s) of every run."""
    import sqlite3
    con = sqlite3.connect(db)
    times = []
    for q, _ in QUERIES:
        sql = fts_sql(q)
        con.execute(sql).fetchall()              # warm
        for _ in range(runs):
            t0 = time.perf_counter()
            con.execute(sql).fetchall()
            times.append(time.perf_counter() - t0)
    con.close()
    return times


def served_lines(c):
    """The served table: mzsearch --serve beside the whole process and FTS5."""
    sv = c.get("served")
    if not sv:
        return []
    lines = ["| how | clients | p50 ms | p99 ms | server p50 / p99 ms | queries/s | errors |",
             "|---|---|---|---|---|---|---|"]
    for r in sv:
        lines.append("| mzsearch --serve (HTTP, keep-alive) | %d | %.3f | %.3f | %.3f / %.3f | %.0f | %d |" % (
            r["clients"], r["p50_ms"], r["p99_ms"], r["server_p50_ms"], r["server_p99_ms"],
            r["qps"], r["errors"]))
    whole = (c.get("search") or {}).get("mzsearch --json")
    if whole:
        runs = [t for q in whole for t in q]
        lines.append("| mzsearch --json, a process a query (hyperfine) | 1 | %.3f | %.3f | – | %.0f | – |" % (
            percentile(runs, 50) * 1e3, percentile(runs, 99) * 1e3, 1 / statistics.mean(runs)))
    f = c.get("fts5_inproc")
    if f:
        lines.append("| SQLite FTS5 in-process (python3 sqlite3) | 1 | %.3f | %.3f | – | %.0f | – |" % (
            percentile(f, 50) * 1e3, percentile(f, 99) * 1e3, 1 / statistics.mean(f)))
    fr = c.get("floor_resident")
    if fr:
        lines.append("| xapian floor, resident (bench/floor.cc --resident: the literal words' 10 best, index open) | 1 | %.3f | %.3f | – | – | – |" % (
            fr["p50_ms"], fr["p99_ms"]))
    lines += ["", "Server exit status after SIGTERM: %s. The server has one thread a core "
              "(at least 2), each with its own open database; mzload runs on the same cores." %
              c.get("serve_exit")]
    return lines


def served_rows(c, p50_target=0.5, throughput=True):
    """(target, measured, met) for the served targets (the 1× corpus: p50
    0.5 ms and the throughput; the 10×: p50 1 ms)."""
    sv = {r["clients"]: r for r in (c or {}).get("served", [])}
    if not sv:
        return []

    def met(ok):
        return "yes" if ok else "**no**"
    one, many = sv.get(1), sv.get(16)
    rows = []
    if one:
        rows.append(("served p50 ≤ %g ms, p99 ≤ 5 ms (server-side, 1 client, %s)" % (
                         p50_target, c["label"]),
                     "%.3f / %.3f ms (client-side %.3f / %.3f ms)%s" % (
                         one["server_p50_ms"], one["server_p99_ms"], one["p50_ms"], one["p99_ms"],
                         "; Xapian's own match in a resident process, nothing else: p50 %.3f ms" %
                         c["floor_resident"]["p50_ms"] if c.get("floor_resident") else ""),
                     met(one["server_p50_ms"] <= p50_target and one["server_p99_ms"] <= 5)))
    if many and throughput:
        rows.append(("served ≥ 1,000 queries/s at 16 clients",
                     "%.0f q/s, %d errors (p50 %.3f ms, p99 %.3f ms)" % (
                         many["qps"], many["errors"], many["p50_ms"], many["p99_ms"]),
                     met(many["qps"] >= 1000 and many["errors"] == 0)))
    return rows


def scale_rows(small, big):
    """(target, measured, met) for the speed-and-scale issue's targets: the
    CLI against the floor, the build, the index size, growth with scale."""
    rows = []

    def met(x, ok):
        return "–" if x is None or math.isnan(x) else ("yes" if ok(x) else "**no**")
    s = small.get("search", {})
    if "mzsearch" in s and "xapian floor" in s:
        r = overall(s["mzsearch"])[0] / overall(s["xapian floor"])[0]
        rows.append(("CLI median ≤ 1.2× the floor (%s)" % small["label"],
                     "mzsearch ÷ xapian floor = %.2f (%.1f ms vs %.1f ms)" % (
                         r, overall(s["mzsearch"])[0] * 1e3,
                         overall(s["xapian floor"])[0] * 1e3), met(r, lambda x: x <= 1.2)))
    mz = small["builds"][0]
    f = small.get("build_floor")
    floor = ""
    if f:
        floor = ("; xapian build floor %.1f s wall, %.1f s CPU (%.2f and %.2f of mzindex's): "
                 "8 s is %s the floor" % (
                     f["wall_s"], f["cpu_s"], f["wall_s"] / mz["wall"], f["cpu_s"] / mz["cpu"],
                     "under" if f["wall_s"] > 8 else "above"))
    rows.append(("build ≤ 8 s wall on 2 cores (%s)" % small["label"],
                 "%.1f s wall, %.1f s CPU%s" % (mz["wall"], mz["cpu"], floor),
                 met(mz["wall"], lambda x: x <= 8)))
    rows.append(("index ≤ 2.5× the raw text (%s)" % small["label"],
                 "%.2f×" % (mz["size"] / small["raw"]), met(mz["size"] / small["raw"], lambda x: x <= 2.5)))
    m = re.match(r"(\d+)×", (big or {}).get("label", ""))
    if big and m:
        n = int(m.group(1))
        bmz = big["builds"][0]
        base = big.get("base") or small
        b1 = base["builds"][0]
        r = bmz["wall"] / b1["wall"]
        aside = ""
        if base is not small:
            aside = "; against the %s build: %.1f×" % (small["label"], bmz["wall"] / mz["wall"])
        rows.append(("%s build ≤ %.3g× the %s build (30× ≤ 32×), peak RSS ≤ 200 MB"
                     % (big["label"], n * 32 / 30, base["label"]),
                     "%.1f× (%.0f s vs %.1f s), %.0f MB%s" % (r, bmz["wall"], b1["wall"],
                                                              bmz["rss"], aside),
                     met(r, lambda x: x <= n * 32 / 30 and bmz["rss"] <= 200)))
        if big.get("search") and "mzsearch" in s:
            want = 2 if n <= 10 else 3
            r = overall(big["search"]["mzsearch"])[0] / overall(s["mzsearch"])[0]
            rows.append(("%s search median ≤ %d× the %s median" % (big["label"], want, small["label"]),
                         "%.2f" % r, met(r, lambda x: x <= want)))
    return rows


def targets(small, big):
    """(target, measured, met) rows for the issue's targets."""
    rows = []

    def build_of(c, name):
        for b in (c or {}).get("builds", []):
            if b["name"] == name:
                return b
        return None

    def met(x, ok):
        return "–" if x is None or math.isnan(x) else ("yes" if ok(x) else "**no**")

    for c in (small, big):
        if not c:
            continue
        mz = c["builds"][0]
        for peer, want, label in (("SQLite FTS5", 1.0, "faster than FTS5"),
                                  ("plain Xapian", 4.0, "≥ 4× faster than plain Xapian")):
            b = build_of(c, peer)
            if not b:
                rows.append(("build %s (%s)" % (label, c["label"]),
                             "%s not built on this corpus" % peer, "–"))
                continue
            r = b["wall"] / mz["wall"]
            rows.append(("build %s (%s)" % (label, c["label"]),
                         "%s ÷ mzindex wall = %.2f (%.0f s vs %.0f s)" % (
                             peer, r, b["wall"], mz["wall"]),
                         met(r, lambda x, w=want: x >= w)))
    rss = max(c["builds"][0]["rss"] for c in (small, big) if c)
    rows.append(("mzindex peak RSS < 200 MB", "; ".join(
        "%s: %.0f MB" % (c["label"], c["builds"][0]["rss"]) for c in (small, big) if c),
        met(rss, lambda x: x < 200)))
    for c in (small, big):
        if not c:
            continue
        mz = c["builds"][0]
        built, compacted = mz["size"] / c["raw"], mz["csize"] / c["raw"]
        rows.append(("index ≤ 3× raw, text stored (%s)" % c["label"],
                     "%.2f× as built, %s compacted" % (built, fmt(compacted, "%.2f×")),
                     "%s / %s" % (met(built, lambda x: x <= 3), met(compacted, lambda x: x <= 3))))
    if small.get("search"):
        s = small["search"]
        mz_med, mz_p95 = overall(s["mzsearch"])
        for peer, want in (("rg -F", 9.0), ("sqlite3 FTS5", 1.5), ("quest", 1.5)):
            if peer not in s:
                rows.append(("search median ≥ %g× faster than %s" % (want, peer), "not measured", "–"))
                continue
            r = overall(s[peer])[0] / mz_med
            extra = ""
            if big and big.get("search") and peer in big["search"]:
                extra = "; %s: %.2f" % (big["label"], overall(big["search"][peer])[0] /
                                        overall(big["search"]["mzsearch"])[0])
            rows.append(("search median ≥ %g× faster than %s" % (want, peer),
                         "%s ÷ mzsearch = %.2f (%.1f ms vs %.1f ms)%s" % (
                             peer, r, overall(s[peer])[0] * 1e3, mz_med * 1e3, extra),
                         met(r, lambda x, w=want: x >= w)))
        for c in (small, big):
            if c and c.get("search"):
                m, p = overall(c["search"]["mzsearch"])
                rows.append(("p95 < 3× median (%s)" % c["label"],
                             "%.1f ms ÷ %.1f ms = %.2f" % (p * 1e3, m * 1e3, p / m),
                             met(p / m, lambda x: x < 3)))
        if big and big.get("search"):
            r = overall(big["search"]["mzsearch"])[0] / mz_med
            rows.append(("%s median within 2× of %s median" % (big["label"], small["label"]),
                         "%.1f ms ÷ %.1f ms = %.2f" % (overall(big["search"]["mzsearch"])[0] * 1e3,
                                                      mz_med * 1e3, r),
                         met(r, lambda x: x <= 2)))
    rows += scale_rows(small, big)
    rows += cap_rows(small)
    rows += served_rows(small)
    rows += served_rows(big, p50_target=1, throughput=False)
    for c in (small, big):
        ch = (c or {}).get("change")
        if ch and ch["runs"]:
            m = statistics.median(ch["total"])
            rows.append(("changed file searchable < 1 s (%s)" % c["label"],
                         "%.3f s median, %.3f s max" % (m, max(ch["total"])),
                         met(m, lambda x: x < 1)))
    return rows


def floor_lines(c):
    """What the search targets would ask of the least a Xapian search does."""
    s = (c or {}).get("search") or {}
    if "xapian floor" not in s or "mzsearch" not in s:
        return []
    floor, mz = overall(s["xapian floor"])[0], overall(s["mzsearch"])[0]
    peers = [(p, w) for p, w in (("rg -F", 9.0), ("sqlite3 FTS5", 1.5), ("quest", 1.5)) if p in s]
    return ["", "**The floor.** `xapian floor` (bench/floor.cc) opens the same index, matches "
            "the words with the same terms and BM25 parameters and prints the stored records "
            "of the 10 best passages: nothing else (no exact check, thesaurus, near copies, "
            "paths, snippets or headings). Its median over all runs is %.1f ms against "
            "mzsearch's %.1f ms (mzsearch ÷ floor = %.2f). Peer ÷ floor: %s. A search target "
            "the floor itself misses is out of reach of any search that loads libxapian in "
            "its own process, mzsearch included. The tools are timed in interleaved rounds, "
            "so the machine's drift touches them alike." % (
                floor * 1e3, mz * 1e3, mz / floor,
                ", ".join("%s %.2f (target %g)" % (p, overall(s[p])[0] / floor, w)
                          for p, w in peers))]


def report(bench, small, big, started, seconds, version):
    a = bench.args
    lines = ["# Benchmark", "",
             "%s, `make bench` (bench/bench.py) in %.0f min on %s. Every number below comes "
             "from this one run." % (started.strftime("%Y-%m-%d %H:%M"), seconds / 60, machine()),
             "mzsearch %s. Settings: --runs %d --warmup %d --change-runs %d --peers %s "
             "--build-floor-runs %d%s." % (
                 version, a.runs, a.warmup, a.change_runs, a.peers, a.build_floor_runs,
                 " --no-big" if a.no_big else " --scale %d --big-peers %s" % (a.scale, a.big_peers)),
             ""]
    lines += ["Ratios are peer ÷ mzsearch (or ÷ mzindex) of a quantity where less is better: "
              "**above 1 means mzsearch does better**.", ""]
    lines += ["## Targets", "", "| target | measured | met? |", "|---|---|---|"]
    lines += ["| %s | %s | %s |" % r for r in targets(small, big)]
    lines += floor_lines(small)
    for c in (small, big):
        if not c:
            continue
        lines += ["", "## %s: %d files, %.1f MB of text%s" % (
            c["label"], c["files"], c["raw"] / 1e6,
            ", %d passages (mzindex)" % c["passages"] if c.get("passages") else ""), ""]
        lines += ["### Build", ""] + build_table(c)
        if c.get("base"):
            b = c["base"]
            lines += ["", "Its base, the %s corpus (bench/gencorpus.py --scale 1 --seed 1, "
                      "%d files, the same kind of text), built by mzindex alone:" % (
                          b["label"], b["files"]), ""] + build_table(b)
        if c.get("search"):
            lines += ["", "### Search: whole process, median / p95 ms (%d runs a query after %d "
                      "warm-up run(s), hyperfine -N, in interleaved rounds: every tool once per query "
                      "per round)" % (a.runs, a.warmup), ""]
            lines += search_table(c)
        if c.get("served"):
            lines += ["", "### Served: mzsearch --serve (bench/load.c, %g s at each level after "
                      "a warm-up, the query set in turn)" % a.serve_seconds, ""] + served_lines(c)
        if c.get("cap"):
            lines += ["", "### The costliest queries within the caps (%d runs each, as a user "
                      "runs them: 10 results, thesaurus on; and with --count)" % 3,
                      ""] + cap_table(c)
        lines += ["", "### Changed file searchable", "",
                  "Append a line to one file, `mzindex` (update), `mzsearch THE_LINE`: " +
                  change_line(c) + "."]
    if small.get("search") and big and big.get("search"):
        lines += ["", "## Growth: median over all runs, %s ÷ %s" % (big["label"], small["label"]), "",
                  "| tool | %s ms | %s ms | ratio |" % (small["label"], big["label"]), "|---|---|---|---|"]
        for n in big["search"]:
            if n in small["search"]:
                m1, m2 = overall(small["search"][n])[0], overall(big["search"][n])[0]
                lines.append("| %s | %.1f | %.1f | %.2f |" % (n, m1 * 1e3, m2 * 1e3, m2 / m1))
        e1, e2 = statistics.median(small["elapsed"]), statistics.median(big["elapsed"])
        lines.append("| mzsearch elapsed_ms (in the process; median of the queries' medians) "
                     "| %.1f | %.1f | %.2f |" % (e1, e2, e2 / e1))
    lines += ["", "## How it was measured", "",
              "- Build: each indexer as one process over a copy of the corpus; peak RSS from "
              "wait4; sizes are allocated bytes on disk. mzindex: `mzindex --index DIR -q "
              "CORPUS…`, then `mzindex --compact`; the size counted is that of the databases "
              "the stub XAPIANDB names (a database replaced by a compaction stays on disk until "
              "the next mzindex run and is not counted). Plain "
              "Xapian: python3-xapian, TermGenerator with FLAG_CJK_NGRAM (positions kept), a "
              "document a non-empty line, data = path:line: text; `xapian-compact`. FTS5: "
              "python3 sqlite3, `fts5(path UNINDEXED, line UNINDEXED, body, tokenize='trigram')`, "
              "a row a non-empty line, one transaction; then 'optimize' and VACUUM.",
              "- Search: hyperfine -N (no shell), output to /dev/null, warm page cache; the runs in "
              "rounds, each round every tool once on every query, so that the ratios survive a "
              "machine whose speed drifts. mzsearch "
              "as a user runs it (`--color=never`, default 10 results, thesaurus on) and with "
              "`--json`; `rg -F QUERY DIRS` (every matching line; AND as one regex `a.*b|b.*a`, "
              "OR as `-e a -e b`); `sqlite3 DB \"SELECT … MATCH … ORDER BY rank LIMIT 10\"` "
              "for words of 3+ characters, `+body LIKE '%%w%%'` for shorter ones (the trigram "
              "tokenizer cannot index them: a full scan, unranked, marked LIKE; the `+` keeps "
              "the LIKE away from FTS5, which in SQLite 3.40 counts a 1–2 character Chinese "
              "pattern in bytes, takes it for a trigram and returns no rows); `quest -f "
              "cjk_ngram,default -o and -m 10` (an AND of the query's character unigrams and "
              "bigrams, so not an exact substring match). Cells are median / p95 of the runs "
              "of that query; \"all runs\" pools every run of every query. `xapian floor`: "
              "bench/floor.cc on mzsearch's index, the literal words only (a one-character word "
              "as the synonyms of the terms it starts, longer ones as the AND of their bigrams), "
              "BM25 k1=1 b=0, 10 results, each one's stored record printed. `elapsed_ms` is "
              "the search time mzsearch --json reports (median of %d runs)." % a.runs,
              "- Changed file: a line with a new random phrase appended to a mid-sized file "
              "of the copy, then `mzindex --index DIR -q` and `mzsearch --index DIR PHRASE` "
              "timed together (each run a new phrase; the search must list that file).",
              "- %s: bench/gencorpus.py --scale %d --seed 1: new text with the corpus's "
              "statistics (each document shaped like a source document, each sentence rebuilt "
              "clause by clause from clauses drawn across the corpus, no paragraph copied from "
              "the source or repeated), under YEAR/FOLDER/." % ("%d×" % a.scale, a.scale)]
    if bench.notes:
        lines += ["", "## Left out, and other notes", ""] + ["- " + n for n in bench.notes]
    lines += kept_files()
    return "\n".join(lines) + "\n"


def kept_files():
    """What bench/ keeps beside this run's figures, which a run does not
    redo: the profiles (PROFILE.md) and the 30× scale run (SCALE.md)."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    for name, what in (("PROFILE.md", "Profiles: where the time goes"),
                       ("SCALE.md", "Scale: 1×, 10×, 30× and shards")):
        path = os.path.join(here, name)
        if os.path.exists(path):
            out += ["", "## %s (bench/%s, kept from its own run, not redone here)" % (what, name), ""]
            text = open(path, encoding="utf-8").read().strip().splitlines()
            if text and text[0].startswith("# "):
                text = text[1:]
            out += [("#" + l if l.startswith("#") else l) for l in text]
    return out


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return "%d cores (%s), %.0f GB RAM" % (os.cpu_count(), cpu, mem)


def git_version(build=None):
    """The commit the programs in build were made from (build/built-from,
    written by make), else the checkout's."""
    here = os.path.dirname(os.path.abspath(__file__))
    lines = None
    try:
        with open(os.path.join(build, "built-from")) as f:
            lines = f.read().split()
    except (OSError, TypeError):
        pass
    if not lines:
        r = subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        if r.returncode != 0:
            return "(not a git checkout)"
        d = subprocess.run(["git", "-C", here, "status", "--porcelain", "--", "../indexer", "../query",
                            "../shim", "../segmenter", "../common"], capture_output=True, text=True)
        lines = [r.stdout.strip()] + [l[3:] for l in d.stdout.splitlines()]
    dirty = lines[1:]
    return "at commit %s%s" % (lines[0], ", with uncommitted changes to " +
                               ", ".join(dirty) if dirty else "")


# ---------------------------------------------------------------- main

def main():
    if sys.argv[1:2] == ["--cap-queries"]:     # Bench.cap_test's child
        print(json.dumps(cap_queries(corpus_files(sys.argv[2:]), query_caps())))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", help="folder holding mzindex and mzsearch")
    ap.add_argument("corpus", nargs="+", help="corpus folders (read only)")
    ap.add_argument("--runs", type=int, default=10, help="timed runs a query (10)")
    ap.add_argument("--warmup", type=int, default=2, help="warm-up runs a query (2)")
    ap.add_argument("--change-runs", type=int, default=5, help="changed-file runs (5)")
    ap.add_argument("--peers", default="fts5,xapian", help="peers built on the corpus (fts5,xapian)")
    ap.add_argument("--big-peers", default="fts5",
                    help="peers built on the big corpus, comma-separated: fts5, xapian or none (fts5)")
    ap.add_argument("--scale", type=int, default=10, help="size of the big corpus (10×)")
    ap.add_argument("--build-floor-runs", type=int, default=3,
                    help="timed runs of the xapian build floor on the first corpus (3; 0: none)")
    ap.add_argument("--no-big", action="store_true", help="skip the big corpus")
    ap.add_argument("--quick", action="store_true",
                    help="3 runs, 1 warm-up, 2 changed-file runs, no big corpus")
    ap.add_argument("--cap-only", action="store_true",
                    help="build mzsearch's index only and measure the query caps (step 6)")
    ap.add_argument("--serve-seconds", type=float, default=5,
                    help="seconds of load at each level of clients (5)")
    ap.add_argument("--serve-only", action="store_true",
                    help="build mzsearch's index and FTS5 only and measure mzsearch --serve (step 7)")
    ap.add_argument("--out", help="write the report here (Markdown)")
    ap.add_argument("--tmp", default="/tmp", help="where the temp dir goes (/tmp)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    a = ap.parse_args()
    if a.quick:
        a.runs, a.warmup, a.change_runs, a.no_big = 3, 1, 2, True
    peers = set(a.peers.replace(",", " ").split()) - {"none"}
    big_peers = set(a.big_peers.replace(",", " ").split()) - {"none"}

    if not inputs_here("bench", a.corpus, a.build):
        return 0

    started = datetime.datetime.now()
    version = git_version(a.build)     # now: others may commit while the bench runs
    bench = Bench(a)
    tmp = tempfile.mkdtemp(prefix="bench-", dir=a.tmp)
    small = big = None
    try:
        sdir = os.path.join(tmp, "small")
        log("copying the corpus to " + sdir)
        roots = copy_corpus(a.corpus, os.path.join(sdir, "corpus"))
        if a.cap_only:
            small = bench.build_all("%.0f MB", roots, sdir, set())
            bench.cap_test(small)
            print("\n".join(cap_table(small) + [""] + ["| %s | %s | %s |" % r
                                                        for r in cap_rows(small)]))
            return 0
        if a.serve_only:
            small = bench.build_all("%.0f MB", roots, sdir, peers & {"fts5"})
            bench.serve_test(small, sdir)
            print("\n".join(served_lines(small) + [""] + ["| %s | %s | %s |" % r
                                                           for r in served_rows(small)]))
            return 0
        small = bench.build_all("%.0f MB", roots, sdir, peers | {"build floor"})
        bench.search_all(small, sdir)
        bench.serve_test(small, sdir)
        bench.cap_test(small)
        bench.change_test(small, a.change_runs, seed=1)
        shutil.rmtree(sdir)
        if a.no_big:
            bench.note("the %d× corpus was skipped (--no-big)." % a.scale)
        else:
            bdir = os.path.join(tmp, "big")
            log("generating the %d× corpus" % a.scale)
            roots = make_big_corpus(a.corpus, os.path.join(bdir, "corpus"), a.scale)
            for p in sorted(peers - big_peers):
                bench.note("%s was not built on the %d× corpus (slow; --big-peers %s to include it)."
                           % ({"xapian": "plain Xapian", "fts5": "SQLite FTS5"}.get(p, p), a.scale,
                              ",".join(sorted(big_peers | {p}))))
            big = bench.build_all("%d× (%%.0f MB)" % a.scale, roots, bdir, peers & big_peers)
            big["base"] = bench.generated_base(a.corpus, tmp)
            bench.search_all(big, bdir)
            bench.serve_test(big, bdir)
            bench.change_test(big, max(2, a.change_runs // 2 + 1), seed=2)
    finally:
        if a.keep:
            log("kept " + tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    publish(report(bench, small, big, started, time.monotonic() - T0, version), a.out)
    return 0


def inputs_here(name, corpus, build):
    """False (having said so) when a corpus folder is absent: nothing to
    measure; exits when mzindex or mzsearch is not built."""
    for d in corpus:
        if not os.path.isdir(d):
            print("%s: corpus folder %s is not here; nothing to measure" % (name, d))
            return False
    for prog in ("mzindex", "mzsearch"):
        if not os.access(os.path.join(build, prog), os.X_OK):
            sys.exit("%s: %s/%s is not built (make BUILD=%s)" % (name, build, prog, build))
    return True


def publish(text, out):
    """The report on stdout, and in the file out when one is named."""
    print(text)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
        log("wrote " + out)


if __name__ == "__main__":
    sys.exit(main())
