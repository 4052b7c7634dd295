#!/usr/bin/python3
"""scale.py - mzsearch on 1x, 10x and 30x of a distinct generated corpus,
and on the 10x corpus split into 4 shards (2 of them served by
xapian-tcpsrv on loopback); writes bench/SCALE.md.  `make bench-scale`.

  bench/scale.py BUILD_DIR CORPUS_DIR... [--scales 1,10,30] [--shards-at 10]
                 [--shards 4] [--remote 2] [--runs N] [--warmup N]
                 [--out bench/SCALE.md] [--tmp /tmp] [--keep]

What it does, in order (everything in one temp dir, /tmp/bench-scale-*,
removed at the end, also on an error, Ctrl-C, SIGTERM or SIGHUP):

 1. bench/gencorpus.py --scale MAX --seed 1 writes MAX x the corpus as new
    text under YEAR/FOLDER/ (2001/, 2002/, ...).  The generator is
    deterministic, each year one corpus-sized slice: the Nx corpus is the
    first N years, so 1x, 10x and 30x are the same kind of text.
 2. mzindex builds one index a scale (wall, CPU, peak RSS from wait4, the
    index's size on disk as built and the most it took while building).
 3. The --shards-at corpus again as --shards indexes, its year folders'
    subfolders cut, in order, into runs of near-equal size; the first --remote of them are built with
    --servable and served by xapian-tcpsrv on free loopback ports.
 4. Checks that the shards answer as the one index: for each query (the
    bench's, a thesaurus topic, --exact, a filter) the --json results
    (path, line, score to 1e-9, order) of both.
 5. Times whole-process searches (mzsearch, text output, as a user runs it)
    with hyperfine -N in interleaved rounds: each round runs every index
    once on every query, so a noisy machine's drift touches them alike.
    In the same rounds, at each scale, the xapian floor (bench/floor.cc,
    the query's literal words on the same index, as make bench times it):
    how much Xapian alone grows with scale.
 6. Prints the targets with measured / met (beside each search growth
    target, the floor's own growth), and the disk it needed.

Needs hyperfine and xapian-tools (make bench-deps).
"""
import argparse
import datetime
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True     # no bench/__pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as B   # noqa: E402  (QUERIES, disk sizes, hyperfine rounds)

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gencorpus.py")
log = B.log
BASE_BUILDS = 3    # builds of the smallest scale (the base of the ratios)

def check_searches():
    """(what, argv words) of the ranking check: the bench's QUERIES, thesaurus
    topics, --exact, filters."""
    out = [("query " + q, q.split()) for q, _ in B.QUERIES]
    out += [("thesaurus topic 四风", ["四风"]),
            ("thesaurus topic 好人主义", ["好人主义"]),
            ("--exact 四风", ["--exact", "四风"]),
            ("--exact 人民法院 OR 检察院", ["--exact", "人民法院", "OR", "检察院"]),
            ("--kind measures 整改", ["--kind", "measures", "整改"]),
            ("--genre rules 罚款", ["--genre", "rules", "罚款"]),
            ("--year 2003 法院", ["--year", "2003", "法院"])]
    return out


class Scratch:
    """The temp dir, the processes started in it, and what it took on disk."""

    def __init__(self, parent):
        self.dir = tempfile.mkdtemp(prefix="bench-scale-", dir=parent)
        self.child = None          # the mzindex or gencorpus running now
        self.servers = []          # xapian-tcpsrv processes (own sessions)
        self.peak = 0              # most bytes the temp dir held

    def sample(self, extra=0):
        self.peak = max(self.peak, disk_now(self.dir) + extra)

    def run(self, cmd, watch=None):
        """B.run_measured, but the child is remembered (so that an
        interrupt stops it) and, with watch, the folder's size is sampled
        every few seconds (an index is bigger while it is built)."""
        most = [0]
        stop = threading.Event()

        def sampler():
            while not stop.wait(3):
                most[0] = max(most[0], disk_now(watch))
        base = disk_now(self.dir)
        t = threading.Thread(target=sampler, daemon=True) if watch else None
        with tempfile.TemporaryFile() as err:
            start = time.monotonic()
            self.child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            if t:
                t.start()
            _, status, usage = os.wait4(self.child.pid, 0)
            wall = time.monotonic() - start
            self.child = None
            stop.set()
            if t:
                t.join()
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
        self.peak = max(self.peak, base + most[0])
        run = B.Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                    os.waitstatus_to_exitcode(status), text)
        return run, most[0]

    def close(self, keep):
        if self.child and self.child.poll() is None:
            self.child.kill()
            self.child.wait()
        for srv in self.servers:
            stop_server(srv)
        if keep:
            log("kept " + self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def stop_server(srv):
    """xapian-tcpsrv sends a SIGTERM on to its whole process group, and
    forks a child a connection: its own session, killed as a group."""
    try:
        os.killpg(srv.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    srv.wait()


def disk_now(path):
    """Bytes on disk under path while a program writes there (a file that
    goes between the listing and the look counts nothing)."""
    total = 0
    for root, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(root, n)).st_blocks * 512
            except OSError:
                pass
    return total


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(scratch, mzsearch, index):
    """xapian-tcpsrv on a free loopback port serving index: its tcp:// URL.
    Up when a search for a word in no passage answers (exit 1)."""
    for _ in range(5):
        port = free_port()
        logf = open(os.path.join(scratch.dir, "tcpsrv-%d.log" % port), "w")
        srv = subprocess.Popen(["xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
                                "--port", str(port), index], stdout=logf, stderr=logf,
                               start_new_session=True)
        logf.close()
        scratch.servers.append(srv)
        url = "tcp://127.0.0.1:%d" % port
        for _ in range(100):
            if srv.poll() is not None:
                break
            r = subprocess.run([mzsearch, "--index", url, "--count", "无此词语"],
                               capture_output=True)
            if r.returncode == 1:
                return url
            time.sleep(0.1)
        stop_server(srv)
        scratch.servers.remove(srv)
    raise RuntimeError("xapian-tcpsrv did not start on %s" % index)


def deal(folders, n):
    """folders [(path, bytes)], in the one index's order, cut into n runs of
    near-equal bytes, each run kept in that order: given in this order, the
    shards hold the passages the one index holds, in the same order, so
    their ties fall as its ties do (README, Shards)."""
    total = sum(size for _, size in folders)
    groups, done = [[] for _ in range(n)], 0
    for path, size in folders:
        i = min(n - 1, int(done * n / total)) if total else 0
        groups[i].append(path)
        done += size
    return groups


def dir_bytes(d):
    return sum(os.path.getsize(f) for f in B.corpus_files([d]))


class Scale:
    def __init__(self, a):
        self.a = a
        self.mzindex = os.path.join(a.build, "mzindex")
        self.mzsearch = os.path.join(a.build, "mzsearch")
        self.floor = os.path.join(a.build, "xapian-floor")
        self.notes = []
        self.corpora = []          # dicts: label, scale, roots, raw, files, build...
        self.shards = None

    def note(self, text):
        self.notes.append(text)
        log("note: " + text)

    def generate(self, scratch, top):
        out = os.path.join(scratch.dir, "corpus")
        log("generating the %dx corpus (bench/gencorpus.py --seed 1)" % top)
        t = time.monotonic()
        r, _ = scratch.run([sys.executable, GEN, "--scale", str(top), "--seed", "1",
                            "--out", out] + self.a.corpus)
        if r.rc != 0:
            raise RuntimeError("gencorpus failed: " + r.err.strip()[-500:])
        self.gen_seconds = time.monotonic() - t
        return out

    def years(self, corpus, n):
        return [os.path.join(corpus, str(2001 + i)) for i in range(n)]

    def build(self, scratch, label, index, roots, servable=False):
        """mzindex over roots: a build record."""
        log("%s: mzindex%s" % (label, " --servable" if servable else ""))
        argv = [self.mzindex, "--index", index, "-q"] + (["--servable"] if servable else []) + roots
        r, most = scratch.run(argv, watch=index)
        if r.rc not in (0, 1):
            raise RuntimeError("mzindex failed on %s (exit %d): %s" % (label, r.rc, r.err.strip()))
        st = subprocess.run([self.mzindex, "--index", index, "--status", "--json"],
                            capture_output=True, text=True)
        try:
            passages = json.loads(st.stdout).get("passages")
        except ValueError:
            passages = None
        return {"wall": r.wall, "cpu": r.cpu, "rss": r.rss, "size": B.mz_db_size(index),
                "most": most, "passages": passages}

    def build_scales(self, scratch, corpus):
        for n in self.a.scale_list:
            roots = self.years(corpus, n)
            files = B.corpus_files(roots)
            c = {"label": "%d×" % n, "scale": n, "roots": roots, "files": len(files),
                 "raw": sum(os.path.getsize(f) for f in files),
                 "index": os.path.join(scratch.dir, "mz-%dx" % n)}
            # the base of every ratio is built BASE_BUILDS times (its median
            # wall kept): a build of a few seconds is at the mercy of
            # whatever else the machine does
            tries = BASE_BUILDS if n == self.a.scale_list[0] else 1
            builds = []
            for t in range(tries):
                if t:
                    shutil.rmtree(c["index"])
                builds.append(self.build(scratch, c["label"], c["index"], roots))
            c["build"] = sorted(builds, key=lambda b: b["wall"])[tries // 2]
            c["walls"] = [b["wall"] for b in builds]
            scratch.sample()
            self.corpora.append(c)
            log("%s: %.0f MB of text, %.1f s, %.0f MB RSS, index %.0f MB" % (
                c["label"], c["raw"] / 1e6, c["build"]["wall"], c["build"]["rss"],
                c["build"]["size"] / 1e6))

    def build_shards(self, scratch, corpus):
        a = self.a
        n = a.shards_at
        one = next((c for c in self.corpora if c["scale"] == n), None)
        if not one or a.shards < 2:
            return
        remote = a.remote
        if remote and not shutil.which("xapian-tcpsrv"):
            self.note("xapian-tcpsrv is not installed (package xapian-tools): the %d "
                      "shards are all local." % a.shards)
            remote = 0
        folders = [(os.path.join(y, f), dir_bytes(os.path.join(y, f)))
                   for y in self.years(corpus, n) for f in sorted(os.listdir(y))]
        groups = deal(folders, a.shards)
        if not all(groups):
            self.note("the %d× corpus has %d folders, too few for %d shards: not split." % (
                n, len(folders), a.shards))
            return
        sh = {"label": "%d× as %d shards (%d via xapian-tcpsrv)" % (n, a.shards, remote),
              "of": one, "parts": [], "specs": []}
        for i, roots in enumerate(groups):
            idx = os.path.join(scratch.dir, "shard-%d" % i)
            b = self.build(scratch, "shard %d of %d" % (i + 1, a.shards), idx, roots,
                           servable=i < remote)
            b["raw"] = sum(dir_bytes(r) for r in roots)
            b["remote"] = i < remote
            b["index"] = idx
            sh["parts"].append(b)
        scratch.sample()
        for b in sh["parts"]:
            b["spec"] = start_server(scratch, self.mzsearch, b["index"]) if b["remote"] else b["index"]
            sh["specs"].append(b["spec"])
        self.shards = sh

    def index_args(self, specs):
        out = []
        for s in specs:
            out += ["--index", s]
        return out

    def ranking(self):
        """The shards' --json results against the one index's, per check."""
        sh = self.shards
        one = self.index_args([sh["of"]["index"]])
        many = self.index_args(sh["specs"])
        sh["checks"] = []
        for what, words in check_searches():
            got = [self.results(idx, words) for idx in (one, many)]
            sh["checks"].append({"what": what, "n": len(got[0][1]),
                                 "total": got[0][0], "same": got[0] == got[1],
                                 "diff": "" if got[0] == got[1] else first_diff(got[0], got[1])})
        bad = [c["what"] for c in sh["checks"] if not c["same"]]
        log("ranking: %d of %d searches identical%s" % (
            len(sh["checks"]) - len(bad), len(sh["checks"]), (": not " + ", ".join(bad)) if bad else ""))

    def results(self, index_args, words):
        """(total, [(path, line, score to 1e-9)]) of the first 20 results."""
        r = subprocess.run([self.mzsearch] + index_args + ["--json", "-n", "20"] + words,
                           capture_output=True, text=True)
        try:
            d = json.loads(r.stdout)
        except ValueError:
            return ("exit %d: %s" % (r.returncode, r.stderr.strip()[:200]), [])
        if "error" in d:
            return ("error: " + json.dumps(d["error"], ensure_ascii=False), [])
        return (d.get("total"), [(x["path"], x["line_start"], round(x["score"], 9))
                                 for x in d.get("results", [])])

    def time_all(self, scratch):
        """Every index (and the shards) on every query, interleaved."""
        tools = []
        floor = os.access(self.floor, os.X_OK)
        if not floor:
            self.note("bench/floor.cc is not built (make bench-scale builds it): "
                      "no floor column.")
        for c in self.corpora:
            argv = [self.mzsearch, "--index", c["index"], "--color=never"]
            tools.append((c["label"], lambda q, argv=argv: argv + q.split()))
            if floor:
                tools.append((floor_name(c), lambda q, i=c["index"]: B.floor_argv(self.floor, q, i)))
        if self.shards:
            argv = [self.mzsearch] + self.index_args(self.shards["specs"]) + ["--color=never"]
            tools.append((self.shards["label"], lambda q, argv=argv: argv + q.split()))
        for name, argv in tools:
            for q, _ in B.QUERIES:
                r = subprocess.run(argv(q), capture_output=True, text=True,
                                   errors="replace")
                if r.returncode not in (0, 1):
                    self.note("%s, query %s: exit %d %s" % (name, q, r.returncode, r.stderr.strip()[:200]))
                elif r.returncode == 1:
                    self.note("%s found nothing for %s." % (name, q))
        self.search_version = B.git_version(self.a.build)
        log("search: %d rounds of %d indexes x %d queries (interleaved)" % (
            self.a.runs, len(tools), len(B.QUERIES)))
        self.search = B.interleaved(tools, [q for q, _ in B.QUERIES], self.a.runs,
                                    self.a.warmup, scratch.dir)


def floor_name(c):
    """The floor's column at corpus c."""
    return "%s xapian floor" % c["label"]


def first_diff(want, got):
    if want[0] != got[0]:
        return "total %s vs %s" % (want[0], got[0])
    for i, (w, g) in enumerate(zip(want[1], got[1])):
        if w != g:
            return "result %d: %s:%d %.9g vs %s:%d %.9g" % (i + 1, w[0], w[1], w[2], g[0], g[1], g[2])
    return "%d vs %d results" % (len(want[1]), len(got[1]))


# ---------------------------------------------------------------- report

def met(ok):
    return "yes" if ok else "**no**"


def targets(s):
    """(target, measured, met) rows."""
    rows = []
    base = s.corpora[0]
    bmed = B.overall(s.search[base["label"]])[0]
    for c in s.corpora[1:]:
        n = c["scale"] / base["scale"]
        b, want = c["build"], n * 32 / 30
        r = b["wall"] / base["build"]["wall"]
        rows.append(("%s build ≤ %.3g× the %s build (30× ≤ 32×), peak RSS ≤ 200 MB" % (
            c["label"], want, base["label"]),
            "%.1f× (%.0f s vs %.1f s; CPU %.1f×), %.0f MB" % (
                r, b["wall"], base["build"]["wall"], b["cpu"] / base["build"]["cpu"], b["rss"]),
            met(r <= want and b["rss"] <= 200)))
        want = 2 if n <= 10 else 3
        m = B.overall(s.search[c["label"]])[0]
        rows.append(("%s search median ≤ %d× the %s median" % (c["label"], want, base["label"]),
                     "%.1f ms ÷ %.1f ms = %.2f" % (m * 1e3, bmed * 1e3, m / bmed),
                     met(m / bmed <= want)))
        if floor_name(c) in s.search and floor_name(base) in s.search:
            f1 = B.overall(s.search[floor_name(base)])[0]
            f = B.overall(s.search[floor_name(c)])[0]
            rows.append(("%s: xapian floor's own growth (its median at %s ÷ at %s) ≤ the "
                         "%d× target" % (c["label"], c["label"], base["label"], want),
                         "%.1f ms ÷ %.1f ms = %.2f (mzsearch %.2f)" % (
                             f * 1e3, f1 * 1e3, f / f1, m / bmed),
                         met(f / f1 <= want)))
    for c in s.corpora:
        r = c["build"]["size"] / c["raw"]
        rows.append(("index ≤ 2.5× the raw text (%s)" % c["label"], "%.2f× (%.0f MB)" % (
            r, c["build"]["size"] / 1e6), met(r <= 2.5)))
    sh = s.shards
    if sh:
        one = B.overall(s.search[sh["of"]["label"]])[0]
        m = B.overall(s.search[sh["label"]])[0]
        rows.append(("%s: search median ≤ 2× one index" % sh["label"],
                     "%.1f ms ÷ %.1f ms = %.2f" % (m * 1e3, one * 1e3, m / one), met(m / one <= 2)))
        same = sum(c["same"] for c in sh["checks"])
        rows.append(("%s: ranking identical to one index (first 20 --json results: path, line, "
                     "score, order)" % sh["label"],
                     "%d of %d searches" % (same, len(sh["checks"])),
                     met(same == len(sh["checks"]))))
    return rows


def build_rows(s):
    out = ["| index | files | text MB | passages | build wall s | CPU s | MB/s | peak RSS MB "
           "| index MB | ÷ raw | most on disk while building MB |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    items = [(c["label"], c["files"], c["raw"], c["build"]) for c in s.corpora]
    if s.shards:
        for i, b in enumerate(s.shards["parts"]):
            items.append(("shard %d%s" % (i + 1, " (--servable, tcp)" if b["remote"] else ""),
                          None, b["raw"], b))
    for label, files, raw, b in items:
        out.append("| %s | %s | %.0f | %s | %.1f | %.1f | %.2f | %.0f | %.0f | %.2f× | %.0f |" % (
            label, files if files is not None else "–", raw / 1e6,
            b["passages"] if b["passages"] is not None else "?", b["wall"], b["cpu"],
            raw / 1e6 / b["wall"], b["rss"], b["size"] / 1e6, b["size"] / raw, b["most"] / 1e6))
    return out


def search_rows(s):
    names = list(s.search)
    out = ["| query | kind | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for i, (q, kind) in enumerate(B.QUERIES):
        out.append("| %s | %s | %s |" % (q, kind, " | ".join(
            "%.1f / %.1f" % (statistics.median(s.search[n][i]) * 1e3,
                             B.percentile(s.search[n][i], 95) * 1e3) for n in names)))
    out.append("| **all runs** | | %s |" % " | ".join(
        "**%.1f / %.1f**" % tuple(x * 1e3 for x in B.overall(s.search[n])) for n in names))
    return out


def report(s, started, seconds, version):
    a = s.a
    base = s.corpora[0]
    lines = ["# Scale", "",
             "%s, `make bench-scale` (bench/scale.py) in %.0f min on %s. Every number below "
             "comes from this one run. mzindex %s%s. Settings: --scales %s --shards-at %d "
             "--shards %d --remote %d --runs %d --warmup %d." % (
                 started.strftime("%Y-%m-%d %H:%M"), seconds / 60, B.machine(), version,
                 "" if s.search_version == version else "; mzsearch (searches) " + s.search_version,
                 ",".join(map(str, a.scale_list)), a.shards_at, a.shards, a.remote, a.runs,
                 a.warmup), "",
             "The corpus is bench/gencorpus.py --scale %d --seed 1 over %s (%.0f s to "
             "generate): new text with the source's statistics, no paragraph copied or "
             "repeated, one corpus-sized slice a year folder. The N× corpus is its first N "
             "year folders, so every scale, 1× included, is the same kind of text." % (
                 max(a.scale_list), " ".join(a.corpus), s.gen_seconds), "",
             "**Disk:** the run needed at most %.1f GB in its temp dir (%s; sampled after "
             "each build and every 3 s during one), removed at the end, also on an error, "
             "Ctrl-C, SIGTERM or SIGHUP (`--keep` keeps it)." % (s.peak / 1e9, a.tmp), "",
             "## Targets", "", "| target | measured | met? |", "|---|---|---|"]
    lines += ["| %s | %s | %s |" % r for r in targets(s)]
    lines += ["", "## Build", "", "The %s index was built %d times; the row is the build of "
              "median wall time (walls: %s s)." % (
                  base["label"], len(base["walls"]), ", ".join("%.1f" % w for w in base["walls"])),
              ""] + build_rows(s)
    lines += ["", "## Search: whole process, median / p95 ms (%d runs a query after %d warm-up "
              "run(s), hyperfine -N, interleaved rounds: every index once per query per round; "
              "mzsearch --color=never, 10 results, thesaurus on)" % (a.runs, a.warmup), ""]
    lines += search_rows(s)
    bmed = B.overall(s.search[base["label"]])[0]
    mz = [n for n in s.search if not n.endswith(" xapian floor")]
    lines += ["", "Median over all runs ÷ the %s median: %s." % (base["label"], ", ".join(
        "%s %.2f" % (n, B.overall(s.search[n])[0] / bmed) for n in mz[1:]))]
    if floor_name(base) in s.search:
        f1 = B.overall(s.search[floor_name(base)])[0]
        lines += ["", "`N× xapian floor`: bench/floor.cc on the N× index, the query's literal "
                  "words (what make bench's `xapian floor` runs): Xapian alone opening the index, "
                  "matching and printing the 10 best records. Its median ÷ its %s median: %s; "
                  "mzsearch ÷ the floor at the same scale: %s." % (
                      base["label"], ", ".join(
                          "%s %.2f" % (c["label"], B.overall(s.search[floor_name(c)])[0] / f1)
                          for c in s.corpora[1:] if floor_name(c) in s.search) or "–",
                      ", ".join("%s %.2f" % (c["label"], B.overall(s.search[c["label"]])[0] /
                                             B.overall(s.search[floor_name(c)])[0])
                                for c in s.corpora if floor_name(c) in s.search))]
    sh = s.shards
    if sh:
        lines += ["", "## Shards", "",
                  "The %s corpus's folders (YEAR/FOLDER), in order, cut into %d runs of near-equal size, an index each; "
                  "the first %d built with `mzindex --servable` and each served by its own "
                  "`xapian-tcpsrv --interface 127.0.0.1 --port PORT` on a free port; searched "
                  "as `mzsearch %s`. Ranking: each search's first 20 `--json` results (path, "
                  "line, score to 1e-9, in order) and total, against the one %s index:" % (
                      sh["of"]["label"], len(sh["parts"]), sum(b["remote"] for b in sh["parts"]),
                      " ".join("--index " + ("tcp://…" if b["remote"] else "SHARD")
                               for b in sh["parts"]), sh["of"]["label"]), "",
                  "| search | results | total | identical |", "|---|---|---|---|"]
        for c in sh["checks"]:
            lines.append("| %s | %d | %s | %s |" % (c["what"], c["n"], c["total"],
                                                 "yes" if c["same"] else "**no**: " + c["diff"]))
    if s.notes:
        lines += ["", "## Notes", ""] + ["- " + n for n in s.notes]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- main

def on_signal(signum, _frame):
    raise KeyboardInterrupt("signal %d" % signum)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", help="folder holding mzindex and mzsearch")
    ap.add_argument("corpus", nargs="+", help="source corpus folders (read only)")
    ap.add_argument("--scales", default="1,10,30", help="the scales, smallest first (1,10,30)")
    ap.add_argument("--shards-at", type=int, default=10, help="scale split into shards (10; 0: none)")
    ap.add_argument("--shards", type=int, default=4, help="how many shards (4)")
    ap.add_argument("--remote", type=int, default=2, help="shards served by xapian-tcpsrv (2)")
    ap.add_argument("--runs", type=int, default=10, help="timed runs a query (10)")
    ap.add_argument("--warmup", type=int, default=2, help="warm-up runs a query (2)")
    ap.add_argument("--out", help="write the report here (Markdown)")
    ap.add_argument("--tmp", default="/tmp", help="where the temp dir goes (/tmp)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    a = ap.parse_args()
    a.scale_list = sorted({int(x) for x in a.scales.split(",") if x.strip()})
    if not a.scale_list or a.scale_list[0] < 1:
        sys.exit("bench/scale.py: --scales %s: expected scales like 1,10,30" % a.scales)
    if a.shards_at and a.shards_at not in a.scale_list:
        sys.exit("bench/scale.py: --shards-at %d is not one of --scales %s" % (a.shards_at, a.scales))
    if not B.inputs_here("bench-scale", a.corpus, a.build):
        return 0
    if not shutil.which("hyperfine"):
        sys.exit("bench/scale.py: hyperfine is not installed; make bench-deps installs it")

    started = datetime.datetime.now()
    version = B.git_version(a.build)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    s = Scale(a)
    scratch = Scratch(a.tmp)
    try:
        corpus = s.generate(scratch, max(a.scale_list))
        scratch.sample()
        s.build_scales(scratch, corpus)
        if a.shards_at:
            s.build_shards(scratch, corpus)
            if s.shards:
                s.ranking()
        s.time_all(scratch)
        scratch.sample()
        s.peak = scratch.peak
    except KeyboardInterrupt as e:
        log("interrupted (%s): removing %s" % (e or "Ctrl-C", scratch.dir))
        return 130
    finally:
        scratch.close(a.keep)
    B.publish(report(s, started, time.monotonic() - B.T0, version), a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
