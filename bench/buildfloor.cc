// buildfloor.cc - the least a full build on Xapian 1.4 pays for an mzindex
// index: the Xapian half of mzindex's build, with everything of mzindex's
// own (reading files, decoding, cutting passages, segmenting, records)
// done beforehand and left out of the time.
//
//   xapian-build-floor [--jobs N] [--parts N] [--runs N] [--keep] INDEX SCRATCH
//
// Untimed, it reads every document of the index INDEX (an mzindex index
// folder, or one Xapian database) into memory: its terms with their wdf
// (and positions, when the index has any: mzindex writes none), its
// values (slots 0 to 63) and its data, and the index's metadata.  Then,
// timed, it writes them again as indexer/build.c and indexer/full.c do:
// N jobs (threads), each writing its run of parts into scratch databases
// of its own (no fsync, no term lists unless the index has them,
// XAPIAN_FLUSH_THRESHOLD 2500 unless set), the parts compacted, in order,
// into one base and then removed, and the metadata written into a
// database beside it.  There are as many parts as mzindex makes for files
// of the sizes its records name, cut at file boundaries (a file's
// document carries MZ_SHARED_TERM) into about equal bytes of documents.
//
// It prints one JSON line: the median wall and CPU seconds of the timed
// runs (and each run's), the documents, postings, terms and wdf written,
// where the last run's time went, and "same": whether the written base
// holds what the index does (the same totals of documents, terms, postings,
// wdf, positions, values and data bytes; checked after the clock stops).  Exit 0
// when it does, 1 when not, 2 on an error.  Each run writes under
// SCRATCH/run-K, removed afterwards unless --keep.
#include <xapian.h>

#include "../common/schema.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

// indexer/build.c: MAX_JOBS, PART_BYTES, FLUSH_DOCS
const unsigned MAX_JOBS = 4, MAX_PARTS = 64;
const unsigned long long PART_BYTES = 64ULL << 20;
const char *FLUSH_DOCS = "2500";
// Value slots read: every slot below this (a document's list of its slots
// needs term lists, which an index of mzindex's has not; common/schema.h
// uses slot 0).
const Xapian::valueno MAX_SLOT = 64;

struct posting {
    unsigned term; // into corpus::terms
    Xapian::termcount wdf;
};

struct doc {
    std::vector<posting> terms;              // in term order
    std::vector<Xapian::termpos> pos;        // every term's, in that order
    std::vector<unsigned> npos;              // how many each term has
    std::vector<std::pair<Xapian::valueno, std::string>> values;
    std::string data;
    bool file_start = false;                 // a file's own document
    unsigned long long bytes = 0;            // its values and data
};

struct corpus {
    std::vector<std::string> terms;
    std::vector<doc> docs;
    std::vector<std::pair<std::string, std::string>> meta;
    bool positions = false, termlists = false;
    unsigned long long bytes = 0;      // the documents' values and data
    unsigned long long file_bytes = 0; // the files' sizes, as mzindex sums them
};

// What a database holds, to compare the written base with the index.
struct tally {
    unsigned long long docs = 0, terms = 0, postings = 0, wdf = 0,
                       positions = 0, values = 0, value_bytes = 0,
                       data_bytes = 0;
    bool operator==(const tally &o) const
    {
        return docs == o.docs && terms == o.terms && postings == o.postings &&
               wdf == o.wdf && positions == o.positions &&
               values == o.values && value_bytes == o.value_bytes &&
               data_bytes == o.data_bytes;
    }
};

struct options {
    unsigned jobs = 0, parts = 0, runs = 1;
    bool keep = false;
    const char *index = nullptr, *scratch = nullptr;
};

double cpu_seconds()
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec +
           (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double thread_cpu_seconds()
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

double now_seconds()
{
    return std::chrono::duration<double>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Whether the database can list a document's terms (mzindex builds a base
// without term lists unless --servable).
bool has_termlists(const Xapian::Database &db, Xapian::docid did)
{
    try {
        for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t)
            break;
        return true;
    } catch (const Xapian::FeatureUnavailableError &) {
        return false;
    }
}

// Every document's terms, inverted from the posting lists (they work
// without term lists).
void read_terms(const Xapian::Database &db,
                const std::vector<unsigned> &slot_of, corpus &c)
{
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        unsigned id = (unsigned)c.terms.size();
        c.terms.push_back(*t);
        bool shared = *t == MZ_SHARED_TERM;
        for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
            doc &d = c.docs[slot_of[*p]];
            d.terms.push_back({id, p.get_wdf()});
            d.file_start |= shared;
            if (!c.positions)
                continue;
            unsigned n = 0;
            for (auto q = p.positionlist_begin(); q != p.positionlist_end();
                 ++q, ++n)
                d.pos.push_back(*q);
            d.npos.push_back(n);
        }
    }
}

// The index read into c, untimed.
void read_index(const char *path, corpus &c)
{
    Xapian::Database db(path);
    std::vector<Xapian::docid> ids;
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p)
        ids.push_back(*p);
    std::vector<unsigned> slot_of(db.get_lastdocid() + 1, 0);
    for (size_t i = 0; i < ids.size(); i++)
        slot_of[ids[i]] = (unsigned)i;
    c.docs.resize(ids.size());
    c.positions = db.has_positions();
    c.termlists = !ids.empty() && has_termlists(db, ids[0]);
    read_terms(db, slot_of, c);
    for (Xapian::valueno s = 0; s < MAX_SLOT; s++)
        for (auto v = db.valuestream_begin(s); v != db.valuestream_end(s); ++v) {
            doc &o = c.docs[slot_of[v.get_docid()]];
            o.values.emplace_back(s, *v);
            o.bytes += (*v).size();
        }
    for (size_t i = 0; i < ids.size(); i++) {
        doc &o = c.docs[i];
        o.data = db.get_document(ids[i]).get_data();
        o.bytes += o.data.size() + 1;
        c.bytes += o.bytes;
    }
    const std::string file_key = MZ_META_FILE;
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
        c.meta.emplace_back(*k, db.get_metadata(*k));
        // a file's record starts with its size (indexer/update.c)
        if ((*k).compare(0, file_key.size(), file_key) == 0)
            c.file_bytes += strtoull(c.meta.back().second.c_str(), nullptr, 10) + 1;
    }
}

tally count(const Xapian::Database &db)
{
    tally t;
    t.docs = db.get_doccount();
    const bool positions = db.has_positions();
    for (auto i = db.allterms_begin(); i != db.allterms_end(); ++i) {
        t.terms++;
        t.postings += i.get_termfreq();
        t.wdf += db.get_collection_freq(*i);
        if (positions)
            for (auto p = db.postlist_begin(*i); p != db.postlist_end(*i); ++p)
                t.positions += (unsigned long long)std::distance(
                    p.positionlist_begin(), p.positionlist_end());
    }
    for (Xapian::valueno s = 0; s < MAX_SLOT; s++)
        for (auto v = db.valuestream_begin(s); v != db.valuestream_end(s); ++v) {
            t.values++;
            t.value_bytes += (*v).size();
        }
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p)
        t.data_bytes += db.get_document(*p).get_data().size();
    return t;
}

// indexer/build.c's jobs_for and cut_runs: jobs, and parts a whole number
// of them, about PART_BYTES of the files each.
void plan(const corpus &c, options &o)
{
    unsigned long long bytes = c.file_bytes ? c.file_bytes : c.bytes;
    if (!o.jobs) {
        unsigned cpus = std::thread::hardware_concurrency();
        o.jobs = std::min(cpus ? cpus : 1, MAX_JOBS);
    }
    o.jobs = std::max(1u, std::min<unsigned>(o.jobs, c.docs.size() ? c.docs.size() : 1));
    if (!o.parts) {
        unsigned per = (unsigned)(bytes / o.jobs / PART_BYTES) + 1;
        if (per * o.jobs > MAX_PARTS)
            per = MAX_PARTS / o.jobs;
        o.parts = per * o.jobs;
    }
    o.parts = std::max(o.jobs, o.parts - o.parts % o.jobs);
}

// Part k is docs [cut[k], cut[k+1]), each cut at a file's own document.
std::vector<size_t> cut_parts(const corpus &c, unsigned parts)
{
    std::vector<size_t> cut(parts + 1, c.docs.size());
    cut[0] = 0;
    unsigned long long acc = 0;
    size_t i = 0;
    for (unsigned k = 1; k < parts; k++) {
        unsigned long long goal = c.bytes / parts * k;
        while (i < c.docs.size() &&
               (acc < goal || !c.docs[i].file_start))
            acc += c.docs[i++].bytes;
        cut[k] = i;
    }
    return cut;
}

Xapian::Document make_doc(const corpus &c, const doc &d)
{
    Xapian::Document x;
    size_t at = 0;
    for (size_t i = 0; i < d.terms.size(); i++) {
        const std::string &t = c.terms[d.terms[i].term];
        x.add_term(t, d.terms[i].wdf);
        for (unsigned k = 0; c.positions && k < d.npos[i]; k++)
            x.add_posting(t, d.pos[at++], 0);
    }
    for (const auto &v : d.values)
        x.add_value(v.first, v.second);
    x.set_data(d.data);
    return x;
}

struct job {
    const corpus *c;
    const std::vector<size_t> *cut;
    const std::vector<std::string> *part;
    unsigned from, to;
    std::string err;
    double wall = 0, cpu = 0;   // this job's, to see that they overlap
};

void run_job(job &j)
{
    int flags = Xapian::DB_CREATE_OR_OPEN | Xapian::DB_NO_SYNC;
    if (!j.c->termlists)
        flags |= Xapian::DB_NO_TERMLIST;
    double w0 = now_seconds(), c0 = thread_cpu_seconds();
    try {
        for (unsigned p = j.from; p < j.to; p++) {
            Xapian::WritableDatabase w((*j.part)[p], flags);
            for (size_t i = (*j.cut)[p]; i < (*j.cut)[p + 1]; i++)
                w.add_document(make_doc(*j.c, j.c->docs[i]));
            w.commit();
            w.close();
        }
    } catch (const Xapian::Error &e) {
        j.err = e.get_description();
    }
    j.wall = now_seconds() - w0;
    j.cpu = thread_cpu_seconds() - c0;
}

// Where one run's time went: each job's wall and CPU seconds and each
// part's documents, then the compaction's and the metadata's wall seconds.
struct split {
    std::vector<double> job_wall, job_cpu;
    std::vector<size_t> part_docs;
    double compact = 0, meta = 0;
};

// One timed build into dir: the parts, their compaction into dir/base,
// the metadata into dir/live.  Throws on failure.
// noinline: callgrind --toggle-collect='*timed_build*' counts the timed part alone
__attribute__((noinline)) void timed_build(const corpus &c, const options &o,
                                           const std::string &dir, split &sp)
{
    std::vector<std::string> part;
    for (unsigned k = 0; k < o.parts; k++)
        part.push_back(dir + "/part-" + std::to_string(k));
    std::vector<size_t> cut = cut_parts(c, o.parts);
    std::vector<job> jobs(o.jobs);
    std::vector<std::thread> threads;
    for (unsigned k = 0; k < o.jobs; k++) {
        jobs[k] = {&c, &cut, &part, o.parts / o.jobs * k,
                   o.parts / o.jobs * (k + 1), ""};
        threads.emplace_back(run_job, std::ref(jobs[k]));
    }
    for (auto &t : threads)
        t.join();
    sp = split();
    for (const job &j : jobs) {
        if (!j.err.empty())
            throw std::runtime_error(j.err);
        sp.job_wall.push_back(j.wall);
        sp.job_cpu.push_back(j.cpu);
    }
    for (unsigned k = 0; k < o.parts; k++)
        sp.part_docs.push_back(cut[k + 1] - cut[k]);
    double t0 = now_seconds();
    Xapian::Database all;
    for (const std::string &p : part)
        all.add_database(Xapian::Database(p));
    all.compact(dir + "/base", part.size() == 1 ? Xapian::DBCOMPACT_NO_RENUMBER : 0);
    all.close();
    for (const std::string &p : part)
        fs::remove_all(p);
    sp.compact = now_seconds() - t0;
    t0 = now_seconds();
    Xapian::WritableDatabase live(dir + "/live", Xapian::DB_CREATE_OR_OPEN);
    for (const auto &m : c.meta)
        live.set_metadata(m.first, m.second);
    live.commit();
    live.close();
    sp.meta = now_seconds() - t0;
}

unsigned long long disk_bytes(const std::string &dir)
{
    unsigned long long n = 0;
    for (const auto &e : fs::recursive_directory_iterator(dir)) {
        struct stat sb;
        if (e.is_regular_file() && stat(e.path().c_str(), &sb) == 0)
            n += (unsigned long long)sb.st_blocks * 512;
    }
    return n;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <typename T> std::string list(const std::vector<T> &v)
{
    std::string s = "[";
    char b[32];
    for (size_t i = 0; i < v.size(); i++) {
        snprintf(b, sizeof b, "%s%.3f", i ? ", " : "", (double)v[i]);
        s += b;
    }
    return s + "]";
}

std::string list(const std::vector<size_t> &v)
{
    std::string s = "[";
    for (size_t i = 0; i < v.size(); i++)
        s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

int usage(const char *why)
{
    fprintf(stderr, "xapian-build-floor: %s\nusage: xapian-build-floor "
            "[--jobs N] [--parts N] [--runs N] [--keep] INDEX SCRATCH\n", why);
    return 2;
}

// The number after argv[*i], or 0 (bad) after a line.
unsigned number(int argc, char **argv, int *i)
{
    const char *name = argv[*i];
    char *end = nullptr;
    long n = ++*i < argc ? strtol(argv[*i], &end, 10) : 0;
    if (!end || *end || n < 1 || n > 1000) {
        fprintf(stderr, "xapian-build-floor: %s takes a number from 1 to "
                "1000\n", name);
        return 0;
    }
    return (unsigned)n;
}

// 0 when the options are usable; else the exit status.
int parse(int argc, char **argv, options &o)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        std::string a = argv[i];
        unsigned *n = a == "--jobs" ? &o.jobs : a == "--parts" ? &o.parts
                      : a == "--runs" ? &o.runs : nullptr;
        if (a == "--keep")
            o.keep = true;
        else if (!n)
            return usage(("unknown option " + a).c_str());
        else if (!(*n = number(argc, argv, &i)))
            return 2;
    }
    if (argc - i != 2)
        return usage("give the index to read and a scratch folder to write in");
    o.index = argv[i];
    o.scratch = argv[i + 1];
    return 0;
}

int run(options &o)
{
    corpus c;
    double t0 = now_seconds();
    read_index(o.index, c);
    double read_s = now_seconds() - t0;
    tally src = count(Xapian::Database(o.index));
    plan(c, o);
    setenv("XAPIAN_FLUSH_THRESHOLD", FLUSH_DOCS, 0);
    fs::create_directories(o.scratch);
    std::vector<double> wall, cpu;
    bool same = true;
    unsigned long long bytes = 0;
    tally out;
    split sp;
    for (unsigned r = 0; r < o.runs; r++) {
        std::string dir = std::string(o.scratch) + "/run-" + std::to_string(r);
        fs::remove_all(dir);
        fs::create_directories(dir);
        double w0 = now_seconds(), c0 = cpu_seconds();
        timed_build(c, o, dir, sp);
        wall.push_back(now_seconds() - w0);
        cpu.push_back(cpu_seconds() - c0);
        out = count(Xapian::Database(dir + "/base"));
        same = same && out == src;
        bytes = disk_bytes(dir);
        if (!o.keep)
            fs::remove_all(dir);
    }
    printf("{\"wall_s\": %.3f, \"cpu_s\": %.3f, \"walls\": %s, \"cpus\": %s, "
           "\"runs\": %u, \"jobs\": %u, \"parts\": %u, \"termlists\": %s, "
           "\"documents\": %llu, \"postings\": %llu, \"terms\": %llu, "
           "\"wdf\": %llu, \"positions\": %llu, \"values\": %llu, "
           "\"metadata\": %zu, \"index_bytes\": %llu, \"read_s\": %.3f, "
           "\"source\": {\"documents\": %llu, \"postings\": %llu, "
           "\"terms\": %llu, \"wdf\": %llu}, \"last_run\": {\"job_walls\": %s, "
           "\"job_cpus\": %s, \"part_docs\": %s, \"compact_s\": %.3f, "
           "\"meta_s\": %.3f}, \"same\": %s}\n",
           median(wall), median(cpu), list(wall).c_str(), list(cpu).c_str(),
           o.runs, o.jobs, o.parts, c.termlists ? "true" : "false", out.docs,
           out.postings, out.terms, out.wdf, out.positions, out.values,
           c.meta.size(), bytes, read_s, src.docs, src.postings, src.terms,
           src.wdf, list(sp.job_wall).c_str(), list(sp.job_cpu).c_str(),
           list(sp.part_docs).c_str(), sp.compact, sp.meta,
           same ? "true" : "false");
    if (!same)
        fprintf(stderr, "xapian-build-floor: the written base differs from "
                "%s (see \"source\")\n", o.index);
    return same ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    options o;
    if (int rc = parse(argc, argv, o))
        return rc;
    try {
        return run(o);
    } catch (const Xapian::DatabaseOpeningError &e) {
        fprintf(stderr, "xapian-build-floor: cannot open %s: %s; give an "
                "index that mzindex built\n", o.index, e.get_msg().c_str());
    } catch (const Xapian::Error &e) {
        fprintf(stderr, "xapian-build-floor: %s\n", e.get_description().c_str());
    } catch (const std::exception &e) {
        fprintf(stderr, "xapian-build-floor: %s (scratch folder %s)\n",
                e.what(), o.scratch);
    }
    return 2;
}
