// mzx.cc — the C API over Xapian (see mzx.h).  The only C++ in mzsearch.
//
// Every entry point runs its body inside GUARD(...), which catches every
// exception, turns it into an mzx_status_t and keeps the message on the
// handle.  Nothing thrown here ever reaches C.

#include "mzx.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

struct mzx_doc {
    Xapian::Document d;
};

struct mzx_writer {
    Xapian::WritableDatabase db;
    std::string err;
    bool in_group = false;
};

// An mzx_layout_t with its exclusion term copied.
struct layout {
    int slot = -1;
    bool fallback = true;
    std::string excl;
    layout() = default;
    explicit layout(const mzx_layout_t *l)
    {
        if (!l)
            return;
        slot = l->record_slot;
        fallback = l->data_fallback != 0;
        excl = l->exclusion_term ? l->exclusion_term : "";
    }
    bool reads_as(const layout &o) const
    {
        return slot == o.slot && fallback == o.fallback;
    }
};

struct mzx_db {
    Xapian::Database db;
    // The databases of db that hold documents, when some hold none (an
    // index whose live database is still empty): what is searched and read
    // by docid (docs_of).  Xapian walks every database of a search in
    // step, an empty one too, which costs a frequent word's search a
    // third more; metadata, the exclusions and the checks read db.
    Xapian::Database docs;
    bool docs_apart = false;
    std::string err;
    // The documents the exclusions carrying dead_term name: every search
    // with that exclusion term leaves them out.  Read once per snapshot
    // (see live_only).
    Xapian::Query dead;
    std::string dead_term;
    bool dead_loaded = false;
    // per shard, in order: 1 when it is a remote one
    std::vector<char> remote;
    // the databases as they were added (mzx_db_add_db), each a run of
    // nsub shards whose documents `own` matches (known: mzx_db_own said
    // so); empty: one, of every shard
    struct part {
        size_t nsub;
        Xapian::Query own;
        bool known;
    };
    std::vector<part> parts;
    // mzx_db_record's and mzx_db_lookup's answers, by docid and by term
    // (node-based: the strings handed out stay where they are), read
    // as cached_as says
    std::unordered_map<Xapian::docid, std::string> records;
    std::unordered_map<std::string, std::string> looked;
    layout cached_as;
    // the glass databases db was opened from, for the opening check
    // (mzx_db_verify); empty when not known (then it reads blocks); and
    // the index whose stub named them (empty: db was opened from one)
    std::vector<std::string> dirs;
    std::string stub;
};

struct mzx_query {
    Xapian::Query q;
};

struct mzx_mset {
    std::unique_ptr<Xapian::Enquire> enq; // the MSet reads through it
    Xapian::MSet m;
    // over several databases whose ties are ordered (run_search): more
    // searches, each kept to one database, and their MSets
    std::vector<std::unique_ptr<Xapian::Enquire>> enqs;
    std::vector<Xapian::MSet> sets; // sets[0] is m
    // match i is sets[at[i].set][at[i].pos], of weight at[i].w
    struct pick {
        unsigned set;
        Xapian::doccount pos;
        double w;
        size_t part;
        Xapian::docid local;
        size_t sub;
    };
    std::vector<pick> at;
    std::unique_ptr<Xapian::Weight> wt; // the search's weighting
    const Xapian::Weight *weight = nullptr;
    std::vector<std::string> data;
    std::vector<bool> have;
    // the records of its matches in remote databases, by docid, read in
    // one search (read_remote; `read` once it ran)
    std::unordered_map<Xapian::docid, std::string> remote_records;
    bool read = false;
    unsigned misses = 0; // remote records read one by one so far
    Xapian::Query live; // the query as run (less the exclusions)
    // to run the search again when the index changed under a read; the
    // data read before stays where it was handed out
    mzx_db *db = nullptr;
    layout how;
    Xapian::Query q;
    std::vector<std::vector<std::string>> before;
    Xapian::doccount first = 0, count = 0, check_at_least = 0;
    // mzx_db_search_likely: how many of the window the caller likely
    // reads; while `lazy`, only those are ranked and the window holds
    // `whole` matches (rank_rest ranks them when one past is read)
    Xapian::doccount likely = 0, whole = 0;
    bool lazy = false;
    // mzx_db_search_listed: every candidate the search met, with its
    // weight (as Xapian weighed it, before level())
    std::unique_ptr<struct met_spy> spy;
};

// The candidates a search meets (all of them while it has met fewer than
// check_at_least: its lowest weight worth ranking stays 0 until then), up
// to `most`: past that they are not all listed anyway, and a frequent
// word's thousands are not kept.
struct met_spy : public Xapian::MatchSpy {
    std::vector<std::pair<double, Xapian::docid>> met;
    size_t most = 0;
    bool over = false;
    void operator()(const Xapian::Document &doc, double wt) override
    {
        if (met.size() < most)
            met.emplace_back(wt, doc.get_docid());
        else
            over = true;
    }
};

// A pick that names its document itself (mzx_mset_within), not an MSet's
// entry.
enum : unsigned { BY_DOCID = ~0u };

namespace {

// Map the exception being handled to a status and a message.
mzx_status_t classify(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        msg = e.get_description();
        return MZX_LOCKED;
    } catch (const Xapian::DatabaseModifiedError &e) {
        msg = e.get_description();
        return MZX_MODIFIED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        msg = e.get_description();
        return MZX_CORRUPT;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        msg = e.get_description();
        return MZX_NO_INDEX;
    } catch (const Xapian::DatabaseVersionError &e) {
        msg = e.get_description();
        return MZX_CORRUPT;
    } catch (const Xapian::DatabaseOpeningError &e) {
        msg = e.get_description();
        return MZX_NO_INDEX;
    } catch (const Xapian::QueryParserError &e) {
        msg = e.get_description();
        return MZX_BAD_QUERY;
    } catch (const Xapian::InvalidArgumentError &e) {
        msg = e.get_description();
        return MZX_BAD_ARG;
    } catch (const Xapian::InvalidOperationError &e) {
        msg = e.get_description();
        return MZX_BAD_ARG;
    } catch (const Xapian::DatabaseError &e) {
        // a table file shorter than the blocks its root points at (a
        // truncated file) is damage, not a failing disk
        msg = e.get_description();
        return e.get_msg().compare(0, 17, "EOF reading block") == 0
                   ? MZX_CORRUPT
                   : MZX_IO;
    } catch (const Xapian::NetworkError &e) { // a remote shard: refused,
        msg = e.get_description();           // timed out, connection lost
        return MZX_IO;
    } catch (const Xapian::Error &e) {
        msg = e.get_description();
        return MZX_INTERNAL;
    } catch (const std::bad_alloc &) {
        msg = "out of memory";
        return MZX_NOMEM;
    } catch (const std::exception &e) {
        msg = e.what();
        return MZX_INTERNAL;
    } catch (...) {
        msg = "unknown error";
        return MZX_INTERNAL;
    }
}

char *dup_cstr(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}

// classify() that never throws itself.
mzx_status_t caught(std::string &msg) noexcept
{
    try {
        return classify(msg);
    } catch (...) {
        return MZX_INTERNAL;
    }
}

// Make a handle of type H and open it with open(H&); on failure free it and
// hand back the message.
template <class H, class Open>
mzx_status_t open_handle(H **out, char **errmsg, Open open)
{
    *out = nullptr;
    if (errmsg)
        *errmsg = nullptr;
    // not new (std::nothrow): the handle's members allocate in their
    // constructors and may throw too
    H *h = nullptr;
    std::string msg;
    mzx_status_t st = MZX_OK;
    try {
        h = new H;
        open(*h);
    } catch (...) {
        st = caught(msg);
    }
    if (st != MZX_OK) {
        delete h;
        if (errmsg)
            *errmsg = dup_cstr(msg);
        return st;
    }
    *out = h;
    return MZX_OK;
}

// Record the message on a handle's error string without throwing.
void keep(std::string *where, const std::string &msg)
{
    if (!where)
        return;
    try {
        *where = msg;
    } catch (...) {
        where->clear();
    }
}


mzx_status_t meta_out(const std::string &v, char **val, size_t *len)
{
    *val = nullptr;
    if (len)
        *len = 0;
    if (v.empty())
        return MZX_OK;
    *val = dup_cstr(v);
    if (!*val)
        return MZX_NOMEM;
    if (len)
        *len = v.size();
    return MZX_OK;
}

template <class DB>
mzx_status_t meta_each(DB &db, std::string &err, const char *prefix,
                       mzx_meta_fn fn, void *ctx)
{
    try {
        std::string p(prefix ? prefix : "");
        for (auto k = db.metadata_keys_begin(p); k != db.metadata_keys_end(p);
             ++k) {
            const std::string key = *k;
            const std::string val = db.get_metadata(key);
            if (fn(key.data(), key.size(), val.data(), val.size(), ctx))
                break;
        }
        return MZX_OK;
    } catch (...) {
        std::string m;
        mzx_status_t st;
        st = caught(m);
        keep(&err, m);
        return st;
    }
}

} // namespace

// Run BODY; on an exception store the message in *ERRSTR (may be null) and
// return the classified status.
#define GUARD(ERRSTR, BODY)                                                  \
    do {                                                                     \
        try {                                                                \
            BODY                                                             \
        } catch (...) {                                                      \
            std::string m_;                                                  \
            mzx_status_t st_ = caught(m_);                                   \
            keep(ERRSTR, m_);                                                \
            return st_;                                                      \
        }                                                                    \
    } while (0)

// A document's record as the layout says: its value slot, else its data.
static std::string record_of(const Xapian::Document &d, const layout &how)
{
    std::string r;
    if (how.slot >= 0)
        r = d.get_value(static_cast<Xapian::valueno>(how.slot));
    return r.empty() && how.fallback ? d.get_data() : r;
}

// The one reopen-and-retry: run attempt() and return what it returns; when
// the snapshot it read went away meanwhile (a writer committed twice:
// DatabaseModifiedError), call renew(), which reopens, and try again, at
// most RETRIES times more; then the error goes to the caller.
enum { RETRIES = 3 };
template <class Attempt, class Renew>
static auto retrying(Attempt attempt, Renew renew) -> decltype(attempt())
{
    for (int n = 0;; n++) {
        try {
            return attempt();
        } catch (const Xapian::DatabaseModifiedError &) {
            if (n == RETRIES)
                throw;
        }
        renew();
    }
}

// What db searches and reads by docid (see mzx_db::docs).
static const Xapian::Database &docs_of(const mzx_db &db)
{
    return db.docs_apart ? db.docs : db.db;
}

// A reader's renew(): a new snapshot, whose exclusions are read again.
// docs shares db's databases, so it sees the new snapshot too (a database
// empty at the opening stays out of it: its documents are seen by the
// next opening, as if the search had started a moment earlier).
static void reopen(mzx_db &db)
{
    db.dead_loaded = false;
    db.db.reopen();
}

// Inside a catch: the status of a read on a reader that failed (or kept
// meeting a changing index), its message kept in err.
static mzx_status_t failed_read(std::string &err) noexcept
{
    std::string m;
    mzx_status_t st = caught(m);
    try {
        if (st == MZX_MODIFIED)
            m = "the index kept changing during the search";
    } catch (...) {
        m.clear();
    }
    keep(&err, m);
    return st;
}

// Find key in the cache, else fill it from read(); read again on a reopened
// database while the index changes underneath.
template <class Map, class Read>
static mzx_status_t cached(mzx_db_t *db, Map &map,
                           const typename Map::key_type &key, Read read,
                           const char **data, size_t *dlen)
{
    auto it = map.find(key);
    if (it == map.end()) {
        try {
            it = retrying([&]() { return map.emplace(key, read()).first; },
                          [&]() { reopen(*db); });
        } catch (...) {
            return failed_read(db->err);
        }
    }
    if (!it->second.empty()) {
        *data = it->second.data();
        *dlen = it->second.size();
    }
    return MZX_OK;
}

// Read a little of every table a search reads, through Xapian's own cursors:
// each table's root, its first leaf and its last.  A table written in key
// order (a compacted one) ends with its last leaf, so a file cut anywhere
// fails here; one updated in place can hide a cut block from this (a full
// check finds it).
static void verify_tables(const Xapian::Database &d, const layout &how)
{
    auto mk = d.metadata_keys_begin();
    if (mk != d.metadata_keys_end())
        (void)d.get_metadata(*mk);
    auto t = d.allterms_begin();
    if (t != d.allterms_end()) {
        const std::string first = *t;
        auto p = d.postlist_begin(first);
        if (p != d.postlist_end(first)) {
            (void)d.get_doclength(*p);
            for (auto pos = d.positionlist_begin(*p, first);
                 pos != d.positionlist_end(*p, first); ++pos)
                break;
        }
        t.skip_to(std::string(4, '\xff')); // the path to the last leaf
    }
    Xapian::docid ends[2] = {0, 0};
    auto all = d.postlist_begin("");
    if (all != d.postlist_end("")) {
        ends[0] = *all;
        all.skip_to(d.get_lastdocid());
        if (all != d.postlist_end(""))
            ends[1] = *all;
    }
    const Xapian::valueno slot = static_cast<Xapian::valueno>(how.slot);
    if (how.slot >= 0) {
        auto vs = d.valuestream_begin(slot);
        if (vs != d.valuestream_end(slot) && ends[1])
            vs.skip_to(ends[1]);
    }
    for (Xapian::docid did : ends) {
        if (!did)
            continue;
        Xapian::Document doc = d.get_document(did);
        (void)doc.get_data();
        if (how.slot >= 0)
            (void)doc.get_value(slot);
        try {
            for (auto tl = d.termlist_begin(did); tl != d.termlist_end(did);
                 ++tl)
                break;
        } catch (const Xapian::FeatureUnavailableError &) {
            // a database built without term lists
        }
    }
}

// Read every block of every table: the posting table in key order (terms,
// postings, values, lengths and metadata all live there), and each
// document's data and term list (our indexes keep no positions).  An
// unreadable or missing block anywhere throws.  Not Xapian::Database::check,
// which reads the same a little faster, because Xapian 1.4's checker frees
// its tables with the wrong size and AddressSanitizer stops on it.
static void read_all(const Xapian::Database &d)
{
    for (auto mk = d.metadata_keys_begin(); mk != d.metadata_keys_end(); ++mk)
        (void)d.get_metadata(*mk);
    // the term list walks every leaf of the posting table in key order
    for (auto t = d.allterms_begin(); t != d.allterms_end(); ++t)
        (void)t.get_termfreq();
    for (auto p = d.postlist_begin(""); p != d.postlist_end(""); ++p) {
        (void)d.get_document(*p).get_data();
        try {
            for (auto tl = d.termlist_begin(*p); tl != d.termlist_end(*p);
                 ++tl)
                (void)tl.get_wdf();
        } catch (const Xapian::FeatureUnavailableError &) {
            // a database built without term lists
        }
    }
}

// The databases a stub file names, when each is an "auto" line (nothing
// else Xapian allows there but comments and blank lines); else none.
static std::vector<std::string> stub_parts(const std::string &dir)
{
    std::vector<std::string> parts;
    FILE *f = std::fopen((dir + "/XAPIANDB").c_str(), "rb");
    if (!f)
        return parts;
    char line[4096];
    bool plain = true;
    while (plain && std::fgets(line, sizeof line, f)) {
        std::string l(line);
        while (!l.empty() && (l.back() == '\n' || l.back() == '\r'))
            l.pop_back();
        if (l.empty() || l[0] == '#')
            continue;
        plain = l.compare(0, 5, "auto ") == 0 && l.size() > 5 &&
                l[5] != '/' && l.find(' ', 5) == std::string::npos;
        if (plain)
            parts.push_back(dir + "/" + l.substr(5));
    }
    std::fclose(f);
    if (!plain)
        parts.clear();
    return parts;
}

// ---- the opening check by sizes (mzx_db_verify) ----
// A glass database's version file (iamglass) records, for each of its six
// tables, how many blocks the table has used (its free list's first unused
// block): a table file shorter than that was cut (a full disk, a crash, a
// half-finished copy).  Checked with one read and a stat a table, where
// reading each table's first and last leaves took some 30 block reads.
// Xapian 1.4's glass format (version 1134): magic, version, UUID, the
// revision, then per table its root, flags, entries, block size / 2048,
// compression threshold and free list (a counted string: its revision,
// then its first unused block), all as Xapian's variable-length numbers.
static const char GLASS_MAGIC[] = "\x0f\x0dXapian Glass\x04\x6e";
enum { GLASS_MAGIC_LEN = 16, GLASS_UUID_LEN = 16, GLASS_TABLES = 6 };
static const char *const glass_tables[GLASS_TABLES] = {
    "postlist", "docdata", "termlist", "position", "spelling", "synonym"};

// One of Xapian's variable-length numbers at s[i..end); false past the end.
static bool glass_uint(const std::string &s, size_t &i, size_t end,
                       uint64_t &v)
{
    v = 0;
    for (unsigned shift = 0; i < end && shift < 64; shift += 7) {
        unsigned char c = static_cast<unsigned char>(s[i++]);
        v |= static_cast<uint64_t>(c & 0x7f) << shift;
        if (c < 0x80)
            return true;
    }
    return false;
}

// The file, whole (a version file is under 200 bytes); false when unread.
static bool slurp(const std::string &path, std::string &out)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    if (n <= 0 || static_cast<size_t>(n) == sizeof buf)
        return false;
    out.assign(buf, static_cast<size_t>(n));
    return true;
}

// The bytes each table of the database in dir needs (0: a table never
// written, which may have no file), from its version file.  False when
// the file is not one this reader knows how to read.
static bool glass_needs(const std::string &dir, uint64_t need[GLASS_TABLES])
{
    std::string v;
    if (!slurp(dir + "/iamglass", v) ||
        v.compare(0, GLASS_MAGIC_LEN, GLASS_MAGIC, GLASS_MAGIC_LEN) != 0)
        return false;
    size_t i = GLASS_MAGIC_LEN + GLASS_UUID_LEN, end = v.size();
    uint64_t rev, root, flags, entries, bs, cmin, fl, flrev, unused;
    if (i > end || !glass_uint(v, i, end, rev))
        return false;
    for (int t = 0; t < GLASS_TABLES; t++) {
        if (!glass_uint(v, i, end, root) || !glass_uint(v, i, end, flags) ||
            !glass_uint(v, i, end, entries) || !glass_uint(v, i, end, bs) ||
            !glass_uint(v, i, end, cmin) || !glass_uint(v, i, end, fl) ||
            fl > end - i)
            return false;
        size_t j = i, flend = i + fl;
        i = flend;
        need[t] = 0;
        if (fl == 0)
            continue; // never written
        if (!glass_uint(v, j, flend, flrev) ||
            !glass_uint(v, j, flend, unused) || bs == 0 || bs > 32 ||
            (root >= unused && !(flags & 1)))
            return false;
        need[t] = unused * bs * 2048;
    }
    return true;
}

// The sizes check on every database of db.  False when it cannot be made
// (a database of another kind or format): then the caller reads blocks.
// Throws DatabaseCorruptError, naming the table, when one was cut.
static bool sizes_check(const mzx_db &db)
{
    if (db.dirs.empty())
        return false;
    std::string cut;
    for (const std::string &dir : db.dirs) {
        uint64_t need[GLASS_TABLES];
        if (!glass_needs(dir, need))
            return false;
        for (int t = 0; t < GLASS_TABLES && cut.empty(); t++) {
            if (!need[t])
                continue;
            std::string f = dir + "/" + glass_tables[t] + ".glass";
            struct stat st;
            if (::stat(f.c_str(), &st) != 0)
                cut = f + " is missing";
            else if (static_cast<uint64_t>(st.st_size) < need[t])
                cut = f + " is cut short (" + std::to_string(st.st_size) +
                      " of " + std::to_string(need[t]) + " bytes)";
        }
    }
    if (cut.empty())
        return true;
    // a rebuild or a compaction swapped the stub since it was read (and a
    // later run removed the databases it named): no damage of the ones
    // open, which the reading check reads through their open files
    if (!db.stub.empty() && stub_parts(db.stub) != db.dirs)
        return false;
    throw Xapian::DatabaseCorruptError(cut);
}

// verify_tables on db, again on a reopened one when a writer's commits took
// the snapshot away meanwhile (that is no damage).
static void verify_current(Xapian::Database &db, const layout &how)
{
    retrying([&]() { verify_tables(db, how); }, [&]() { db.reopen(); });
}

extern "C" {

const char *mzx_status_str(mzx_status_t st)
{
    switch (st) {
    case MZX_OK: return "ok";
    case MZX_NO_INDEX: return "no index";
    case MZX_LOCKED: return "database is locked by another writer";
    case MZX_MODIFIED: return "database changed during the search";
    case MZX_CORRUPT: return "database is damaged";
    case MZX_BAD_QUERY: return "query cannot be run";
    case MZX_IO: return "input/output error";
    case MZX_NOMEM: return "out of memory";
    case MZX_BAD_ARG: return "invalid argument";
    case MZX_INTERNAL: return "internal error";
    }
    return "unknown status";
}

/* ---- documents ---------------------------------------------------------- */

mzx_doc_t *mzx_doc_new(void)
{
    try { // not new (std::nothrow): Xapian::Document() allocates too
        return new mzx_doc;
    } catch (...) {
        return nullptr;
    }
}

void mzx_doc_destroy(mzx_doc_t *doc)
{
    delete doc;
}

mzx_status_t mzx_doc_add_term(mzx_doc_t *doc, const char *term, size_t len)
{
    if (!doc || !term || len == 0)
        return MZX_BAD_ARG;
    if (len > MZX_TERM_MAX)
        len = MZX_TERM_MAX;
    GUARD(nullptr, doc->d.add_term(std::string(term, len), 1););
    return MZX_OK;
}

mzx_status_t mzx_doc_add_boolean(mzx_doc_t *doc, const char *term, size_t len)
{
    if (!doc || !term || len == 0)
        return MZX_BAD_ARG;
    if (len > MZX_TERM_MAX)
        len = MZX_TERM_MAX;
    GUARD(nullptr, doc->d.add_boolean_term(std::string(term, len)););
    return MZX_OK;
}

mzx_status_t mzx_doc_set_data(mzx_doc_t *doc, const char *data, size_t len)
{
    if (!doc || (!data && len))
        return MZX_BAD_ARG;
    GUARD(nullptr, doc->d.set_data(std::string(data ? data : "", len)););
    return MZX_OK;
}

mzx_status_t mzx_doc_set_value(mzx_doc_t *doc, unsigned slot, const char *val,
                               size_t len)
{
    if (!doc || (!val && len))
        return MZX_BAD_ARG;
    GUARD(nullptr, doc->d.add_value(slot, std::string(val ? val : "", len)););
    return MZX_OK;
}

/* ---- the writer ------------------------------------------------------- */

mzx_status_t mzx_writer_open(const char *path, mzx_writer_t **out,
                             char **errmsg)
{
    return mzx_writer_open_flags(path, 0, out, errmsg);
}

mzx_status_t mzx_writer_open_flags(const char *path, int flags,
                                   mzx_writer_t **out, char **errmsg)
{
    return open_handle(out, errmsg, [path, flags](mzx_writer &w) {
        int xf = Xapian::DB_CREATE_OR_OPEN;
        if (flags & MZX_WRITER_NO_TERMLIST)
            xf |= Xapian::DB_NO_TERMLIST;
        if (flags & MZX_WRITER_SCRATCH)
            xf |= Xapian::DB_NO_SYNC;
        w.db = Xapian::WritableDatabase(path, xf);
    });
}

mzx_status_t mzx_writer_close(mzx_writer_t *w, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!w)
        return MZX_BAD_ARG;
    mzx_status_t st = MZX_OK;
    std::string m;
    try {
        if (w->in_group)
            w->db.cancel_transaction();
        w->db.commit();
        w->db.close();
    } catch (...) {
        st = caught(m);
    }
    if (st != MZX_OK && errmsg)
        *errmsg = dup_cstr(m);
    delete w;
    return st;
}

void mzx_writer_destroy(mzx_writer_t *w)
{
    if (!w)
        return;
    // Closing without a commit drops uncommitted changes (Xapian commits
    // implicitly in the destructor otherwise).
    try {
        if (w->in_group)
            w->db.cancel_transaction();
        w->db.begin_transaction(false);
        w->db.close();
    } catch (...) {
    }
    delete w;
}

const char *mzx_writer_error(const mzx_writer_t *w)
{
    return w ? w->err.c_str() : "";
}

mzx_status_t mzx_writer_add(mzx_writer_t *w, const mzx_doc_t *doc)
{
    if (!w || !doc)
        return MZX_BAD_ARG;
    GUARD(&w->err, w->db.add_document(doc->d););
    return MZX_OK;
}

mzx_status_t mzx_writer_delete_term(mzx_writer_t *w, const char *term,
                                    size_t len)
{
    if (!w || !term || len == 0)
        return MZX_BAD_ARG;
    GUARD(&w->err, w->db.delete_document(std::string(term, len)););
    return MZX_OK;
}

mzx_status_t mzx_writer_begin(mzx_writer_t *w)
{
    if (!w || w->in_group)
        return MZX_BAD_ARG;
    GUARD(&w->err, w->db.begin_transaction(false); w->in_group = true;);
    return MZX_OK;
}

mzx_status_t mzx_writer_end(mzx_writer_t *w)
{
    if (!w || !w->in_group)
        return MZX_BAD_ARG;
    w->in_group = false;
    GUARD(&w->err, w->db.commit_transaction(););
    return MZX_OK;
}

mzx_status_t mzx_writer_cancel(mzx_writer_t *w)
{
    if (!w || !w->in_group)
        return MZX_BAD_ARG;
    w->in_group = false;
    GUARD(&w->err, w->db.cancel_transaction(););
    return MZX_OK;
}

mzx_status_t mzx_writer_commit(mzx_writer_t *w)
{
    if (!w || w->in_group)
        return MZX_BAD_ARG;
    GUARD(&w->err, w->db.commit(););
    return MZX_OK;
}

mzx_status_t mzx_writer_set_meta(mzx_writer_t *w, const char *key,
                                 const char *val, size_t len)
{
    if (!w || !key || !*key || (!val && len))
        return MZX_BAD_ARG;
    GUARD(&w->err,
          w->db.set_metadata(key, std::string(val ? val : "", len)););
    return MZX_OK;
}

mzx_status_t mzx_writer_get_meta(mzx_writer_t *w, const char *key, char **val,
                                 size_t *len)
{
    *val = nullptr;
    if (!w || !key || !*key)
        return MZX_BAD_ARG;
    GUARD(&w->err, return meta_out(w->db.get_metadata(key), val, len););
}

mzx_status_t mzx_writer_doccount(mzx_writer_t *w, unsigned *n)
{
    *n = 0;
    if (!w)
        return MZX_BAD_ARG;
    GUARD(&w->err, *n = w->db.get_doccount(););
    return MZX_OK;
}

mzx_status_t mzx_writer_meta_each(mzx_writer_t *w, const char *prefix,
                                  mzx_meta_fn fn, void *ctx)
{
    if (!w || !fn)
        return MZX_BAD_ARG;
    return meta_each(w->db, w->err, prefix, fn, ctx);
}

mzx_status_t mzx_compact(const char *src, const char *dst, char **errmsg)
{
    return mzx_compact_many(&src, 1, dst, errmsg);
}

mzx_status_t mzx_compact_many(const char *const *srcs, size_t n,
                              const char *dst, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!srcs || n == 0 || !dst)
        return MZX_BAD_ARG;
    std::string msg;
    mzx_status_t st = MZX_OK;
    try {
        Xapian::Database db;
        for (size_t i = 0; i < n; i++) {
            if (!srcs[i])
                return MZX_BAD_ARG;
            db.add_database(Xapian::Database(srcs[i]));
        }
        // One source keeps its docids; several are laid end to end in
        // the order given (each one's docids offset past the last's).
        db.compact(dst, n == 1 ? Xapian::DBCOMPACT_NO_RENUMBER : 0);
    } catch (...) {
        st = caught(msg);
    }
    if (st != MZX_OK && errmsg)
        *errmsg = dup_cstr(msg);
    return st;
}

/* ---- the reader ------------------------------------------------------- */

// Open the index at path as its stub's databases, in the stub's order (as
// Xapian opens a stub), docs without those that hold no documents.  False
// when path is not such a stub, or anything fails: then the caller opens
// it the usual way (and meets the usual error).
static bool open_parts(mzx_db &db, const std::vector<std::string> &parts)
{
    if (parts.size() < 2)
        return false;
    try {
        Xapian::Database all, docs;
        size_t empty = 0;
        for (const std::string &p : parts) {
            Xapian::Database one(p);
            all.add_database(one);
            if (one.get_doccount() == 0)
                empty++;
            else
                docs.add_database(one);
        }
        db.db = all;
        db.docs_apart = empty > 0 && empty < parts.size();
        if (db.docs_apart)
            db.docs = docs;
        return true;
    } catch (...) {
        return false;
    }
}

mzx_status_t mzx_db_open(const char *path, mzx_db_t **out, char **errmsg)
{
    return open_handle(out, errmsg, [path](mzx_db &db) {
        std::vector<std::string> parts = stub_parts(path);
        if (!open_parts(db, parts))
            db.db = Xapian::Database(path);
        struct stat st;
        if (!parts.empty())
            db.stub = path;
        else if (::stat((std::string(path) + "/iamglass").c_str(), &st) == 0)
            parts.push_back(path); // a glass database itself
        db.dirs = std::move(parts);
    });
}

mzx_status_t mzx_db_open_remote(const char *host, unsigned port,
                                unsigned timeout_ms, unsigned connect_ms,
                                mzx_db_t **out, char **errmsg)
{
    if (!host || !*host || port == 0 || port > 65535) {
        *out = nullptr;
        if (errmsg)
            *errmsg = nullptr;
        return MZX_BAD_ARG;
    }
    std::string why;
    mzx_status_t st = open_handle(out, errmsg, [&](mzx_db &db) {
        try {
            db.db = Xapian::Remote::open(host, port, timeout_ms, connect_ms);
            db.remote.assign(db.db.size(), 1);
        } catch (const Xapian::NetworkError &e) {
            // "Couldn't connect (Connection refused)": without the class
            // name and the context, which the caller names better
            const char *sys = e.get_error_string();
            why = sys && *sys ? e.get_msg() + " (" + sys + ")" : e.get_msg();
            throw;
        }
    });
    if (st != MZX_OK && !why.empty() && errmsg) {
        std::free(*errmsg);
        *errmsg = dup_cstr(why);
    }
    return st;
}

// db's databases as added (one when none was added to it).
static std::vector<mzx_db::part> parts_of(const mzx_db &db)
{
    if (!db.parts.empty())
        return db.parts;
    return {mzx_db::part{db.db.size(), Xapian::Query(), false}};
}

mzx_status_t mzx_db_own(mzx_db_t *db, const mzx_query_t *own)
{
    if (!db || !own || db->parts.size() > 1)
        return MZX_BAD_ARG;
    GUARD(&db->err, db->parts.assign(
                        1, mzx_db::part{db->db.size(), own->q, true}););
    return MZX_OK;
}

mzx_status_t mzx_db_add_db(mzx_db_t *db, const mzx_db_t *other)
{
    if (!db || !other || db == other)
        return MZX_BAD_ARG;
    GUARD(&db->err, {
        std::vector<mzx_db::part> mine = parts_of(*db);
        std::vector<mzx_db::part> theirs = parts_of(*other);
        mine.insert(mine.end(), theirs.begin(), theirs.end());
        db->remote.resize(db->db.size(), 0);
        // shards search together as db: every database, in db's numbering
        db->docs_apart = false;
        db->docs = Xapian::Database();
        db->dirs.clear(); // checked one by one, as opened
        db->stub.clear();
        db->db.add_database(other->db);
        db->parts = std::move(mine);
        auto o = other->remote;
        o.resize(other->db.size(), 0);
        db->remote.insert(db->remote.end(), o.begin(), o.end());
    });
    return MZX_OK;
}

void mzx_db_destroy(mzx_db_t *db)
{
    delete db;
}

const char *mzx_db_error(const mzx_db_t *db)
{
    return db ? db->err.c_str() : "";
}

mzx_status_t mzx_db_doccount(mzx_db_t *db, unsigned *n)
{
    *n = 0;
    if (!db)
        return MZX_BAD_ARG;
    GUARD(&db->err, *n = db->db.get_doccount(););
    return MZX_OK;
}

mzx_status_t mzx_db_get_meta(mzx_db_t *db, const char *key, char **val,
                             size_t *len)
{
    *val = nullptr;
    if (!db || !key || !*key)
        return MZX_BAD_ARG;
    GUARD(&db->err, return meta_out(db->db.get_metadata(key), val, len););
}

mzx_status_t mzx_db_meta_each(mzx_db_t *db, const char *prefix,
                              mzx_meta_fn fn, void *ctx)
{
    if (!db || !fn)
        return MZX_BAD_ARG;
    return meta_each(db->db, db->err, prefix, fn, ctx);
}

mzx_status_t mzx_db_termfreq(mzx_db_t *db, const char *term, size_t len,
                             unsigned *n)
{
    *n = 0;
    if (!db || !term)
        return MZX_BAD_ARG;
    GUARD(&db->err,
          *n = docs_of(*db).get_termfreq(std::string(term, len)););
    return MZX_OK;
}

/* ---- queries ---------------------------------------------------------- */

static mzx_query_t *wrap(const Xapian::Query &q)
{
    try {
        return new mzx_query{q};
    } catch (...) {
        return nullptr;
    }
}

mzx_query_t *mzx_query_term(const char *term, size_t len)
{
    if (!term || len == 0)
        return nullptr;
    try {
        return wrap(Xapian::Query(std::string(term, len)));
    } catch (...) {
        return nullptr;
    }
}

mzx_query_t *mzx_query_prefix(mzx_db_t *db, const char *prefix, size_t len,
                              size_t max_len, size_t cap)
{
    if (!db || !prefix || len == 0)
        return nullptr;
    try {
        std::string p(prefix, len);
        std::vector<Xapian::Query> terms;
        const Xapian::Database &d = docs_of(*db);
        for (auto t = d.allterms_begin(p); t != d.allterms_end(p);
             ++t) {
            const std::string &s = *t;
            if (s.size() > max_len)
                continue;
            terms.emplace_back(s);
            if (terms.size() >= cap)
                break;
        }
        if (terms.empty())
            return wrap(Xapian::Query::MatchNothing);
        return wrap(Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(),
                                  terms.end()));
    } catch (...) {
        std::string m;
        caught(m);
        keep(&db->err, m);
        return nullptr;
    }
}

mzx_query_t *mzx_query_combine(mzx_op_t op, mzx_query_t *const *subs,
                               size_t n)
{
    try {
        if (n == 0)
            return wrap(Xapian::Query::MatchNothing);
        for (size_t i = 0; i < n; i++)
            if (!subs[i])
                return nullptr;
        std::vector<Xapian::Query> v;
        for (size_t i = 0; i < n; i++)
            v.push_back(subs[i]->q);
        switch (op) {
        case MZX_OP_AND:
            return wrap(Xapian::Query(Xapian::Query::OP_AND, v.begin(),
                                      v.end()));
        case MZX_OP_OR:
            return wrap(Xapian::Query(Xapian::Query::OP_OR, v.begin(),
                                      v.end()));
        case MZX_OP_SYNONYM:
            return wrap(Xapian::Query(Xapian::Query::OP_SYNONYM, v.begin(),
                                      v.end()));
        case MZX_OP_AND_NOT:
        case MZX_OP_FILTER: {
            if (n == 1)
                return wrap(v[0]);
            Xapian::Query rest =
                op == MZX_OP_AND_NOT
                    ? Xapian::Query(Xapian::Query::OP_OR, v.begin() + 1,
                                    v.end())
                    : Xapian::Query(Xapian::Query::OP_AND, v.begin() + 1,
                                    v.end());
            return wrap(Xapian::Query(op == MZX_OP_AND_NOT
                                          ? Xapian::Query::OP_AND_NOT
                                          : Xapian::Query::OP_FILTER,
                                      v[0], rest));
        }
        }
        return nullptr;
    } catch (...) {
        return nullptr;
    }
}

void mzx_query_free(mzx_query_t *q)
{
    delete q;
}

/* ---- running a query ------------------------------------------------- */

// What the exclusions carrying the term excl name (an empty query when
// nothing is left out).  Read once per snapshot and term; a search over
// several databases (and remote ones) finds all of them with one posting
// list.
static Xapian::Query exclusions(mzx_db &db, const std::string &excl)
{
    if (excl.empty())
        return Xapian::Query();
    if (!db.dead_loaded || db.dead_term != excl) {
        std::vector<Xapian::Query> keys;
        if (db.db.get_termfreq(excl) > 0)
            for (auto p = db.db.postlist_begin(excl);
                 p != db.db.postlist_end(excl); ++p)
                keys.emplace_back(db.db.get_document(*p).get_data());
        db.dead = keys.empty() ? Xapian::Query()
                               : Xapian::Query(Xapian::Query::OP_OR,
                                               keys.begin(), keys.end());
        db.dead_term = excl;
        db.dead_loaded = true;
    }
    return db.dead;
}

static Xapian::Query live_only(mzx_db &db, const std::string &excl,
                               const Xapian::Query &q)
{
    const Xapian::Query dead = exclusions(db, excl);
    if (dead.empty())
        return q;
    return Xapian::Query(Xapian::Query::OP_AND_NOT, q, dead);
}

mzx_query_t *mzx_db_excluded(mzx_db_t *db, const mzx_layout_t *layout_)
{
    if (!db)
        return nullptr;
    try {
        const layout how(layout_);
        Xapian::Query dead = retrying(
            [&]() { return exclusions(*db, how.excl); },
            [&]() { reopen(*db); });
        return wrap(dead.empty() ? Xapian::Query::MatchNothing : dead);
    } catch (...) {
        failed_read(db->err);
        return nullptr;
    }
}

mzx_status_t mzx_check(const char *path, const mzx_layout_t *layout_,
                       int deep, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!path)
        return MZX_BAD_ARG;
    std::string msg;
    mzx_status_t st = MZX_OK;
    try {
        Xapian::Database db(path);
        verify_current(db, layout(layout_));
        if (deep)
            read_all(db);
    } catch (...) {
        st = caught(msg);
    }
    if (st != MZX_OK && errmsg)
        *errmsg = dup_cstr(msg);
    return st;
}

mzx_status_t mzx_db_verify(mzx_db_t *db, const mzx_layout_t *layout_)
{
    if (!db)
        return MZX_BAD_ARG;
    GUARD(&db->err, if (sizes_check(*db)) return MZX_OK;
          const layout how(layout_);
          retrying([&]() { verify_tables(db->db, how); },
                   [&]() { reopen(*db); }););
    return MZX_OK;
}

unsigned mzx_db_stride(mzx_db_t *db, unsigned did)
{
    size_t n = db ? docs_of(*db).size() : 0;
    if (!n || !did)
        return 0;
    size_t k = (did - 1) % n;
    return k < db->remote.size() && db->remote[k] ? 0 : (unsigned)n;
}

int mzx_db_has_remote(const mzx_db_t *db)
{
    if (!db)
        return 0;
    for (char r : db->remote)
        if (r)
            return 1;
    return 0;
}

int mzx_db_looked(mzx_db_t *db, const mzx_layout_t *layout_,
                  const char *term, size_t len)
{
    if (!db || !term || !len)
        return 0;
    try {
        return db->cached_as.reads_as(layout(layout_)) &&
               db->looked.count(std::string(term, len)) > 0;
    } catch (...) {
        return 0;
    }
}

// The reader's caches, emptied when asked to read as another layout.
static void read_as(mzx_db &db, const layout &how)
{
    if (db.cached_as.reads_as(how))
        return;
    db.records.clear();
    db.looked.clear();
    db.cached_as = how;
}

mzx_status_t mzx_db_record(mzx_db_t *db, const mzx_layout_t *layout_,
                           unsigned did, const char **data, size_t *dlen)
{
    *data = nullptr;
    *dlen = 0;
    if (!db || !did)
        return MZX_BAD_ARG;
    GUARD(&db->err, read_as(*db, layout(layout_)););
    return cached(db, db->records, did, [&]() {
        try {
            return record_of(
                docs_of(*db).get_document(did, Xapian::DOC_ASSUME_VALID),
                db->cached_as);
        } catch (const Xapian::DocNotFoundError &) {
            return std::string();
        }
    }, data, dlen);
}

mzx_status_t mzx_db_lookup(mzx_db_t *db, const mzx_layout_t *layout_,
                           const char *term, size_t len, const char **data,
                           size_t *dlen)
{
    *data = nullptr;
    *dlen = 0;
    if (!db || !term || !len)
        return MZX_BAD_ARG;
    GUARD(&db->err, read_as(*db, layout(layout_)););
    const std::string t(term, len);
    return cached(db, db->looked, t, [&]() {
        const Xapian::Database &d = docs_of(*db);
        auto p = d.postlist_begin(t);
        return p == d.postlist_end(t)
                   ? std::string()
                   : record_of(d.get_document(*p), db->cached_as);
    }, data, dlen);
}

// A weight to a billionth: the same passage can weigh a unit in the last
// place more in one database than in another (Xapian adds the weights of
// a query's parts in an order that depends on the database), which must
// not decide a tie.
static double level(double w)
{
    return std::round(w * 1e9) / 1e9;
}

// How far past a window a search over several databases reads (times the
// window's end), to see where the run of equal weights at its cut ends;
// and the most matches of that run read at once past that.
enum { READ_PAST = 3 };
// How many remote records a window reads one by one (a round trip each)
// before it reads the rest at once (read_remote); the most that brings
// back.
enum { READ_ONE_BY_ONE = 2 };
static const Xapian::doccount REMOTE_READ_MAX = 4096;
// How many times a window's worth of a run of equal weights a search over
// several databases reads for each database (down_to), and a run it reads
// whole when it is no longer (the few bytes a match are cheaper than a
// search of each database's own).
enum { TIED_SPAN = 2, TIED_WHOLE = 1024 };

// Does m order the ties of several databases (mzx_db_own)?
static bool orders_ties(const mzx_mset &m)
{
    if (m.count == 0 || m.db->parts.size() < 2)
        return false;
    for (const auto &p : m.db->parts)
        if (!p.known)
            return false;
    return true;
}

// Add the matches [0, upto) of set s of m to v, placed: which database
// they come from, and their docid in it.
static void add_picks(mzx_mset &m, unsigned s, Xapian::doccount upto,
                      std::vector<mzx_mset::pick> &v)
{
    const Xapian::MSet &set = m.sets[s];
    size_t n = m.db->db.size();
    std::vector<size_t> owner;
    for (size_t p = 0; p < m.db->parts.size(); p++)
        owner.insert(owner.end(), m.db->parts[p].nsub, p);
    for (Xapian::doccount i = 0; i < set.size() && i < upto; i++) {
        Xapian::docid did = *set[i];
        size_t sub = n ? (did - 1) % n : 0;
        v.push_back({s, i, level(set[i].get_weight()),
                     sub < owner.size() ? owner[sub] : owner.size(),
                     static_cast<Xapian::docid>(n ? (did - 1) / n + 1 : did),
                     sub});
    }
}

// Matches of weight w (to a billionth) from database p's own search, the
// first `skip` matches above w left out, appended to v up to `want`.
static void add_tied(mzx_mset &m, const Xapian::Query &live, size_t p,
                     double w, size_t skip, size_t want,
                     std::vector<mzx_mset::pick> &v)
{
    m.enqs.emplace_back(new Xapian::Enquire(m.db->db));
    Xapian::Enquire &e = *m.enqs.back();
    e.set_weighting_scheme(*m.weight);
    e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, live,
                              m.db->parts[p].own));
    m.sets.push_back(e.get_mset(0, static_cast<Xapian::doccount>(
                                       skip + want - v.size())));
    std::vector<mzx_mset::pick> got;
    add_picks(m, static_cast<unsigned>(m.sets.size() - 1),
              m.sets.back().size(), got);
    for (const auto &g : got)
        if (g.part == p && g.w == w && v.size() < want)
            v.push_back(g);
}

// The matches of weight w (to a billionth) or more, the first `need` of
// them in the order the databases were added: those above w (all of them
// in `all`) and the head of each database's run of weight w.  One search
// that stops below w brings back the head of the whole run (Xapian orders
// a run by docid, which keeps each database's own order): a window's worth
// for every database and then some (TIED_SPAN), at least TIED_WHOLE.  It
// holds the whole run, or mostly the head of every database's run that is
// needed; a database whose head it may not hold (the search was cut before
// that database's last one needed) is read on its own (add_tied, which
// keeps the search to that database with OP_FILTER).  A run of tens of
// thousands (a frequent character's) is never read whole.
static std::vector<mzx_mset::pick> down_to(mzx_mset &m,
                                           const Xapian::Query &live,
                                           double w, Xapian::doccount need,
                                           const std::vector<mzx_mset::pick> &all)
{
    std::vector<mzx_mset::pick> above, tied, head;
    for (const auto &a : all)
        if (a.w > w)
            above.push_back(a);
    size_t want = need - above.size(), nparts = m.db->parts.size();
    Xapian::doccount ask = static_cast<Xapian::doccount>(
        above.size() + std::max<size_t>(want * nparts * TIED_SPAN, TIED_WHOLE) +
        1);
    m.enqs.emplace_back(new Xapian::Enquire(m.db->db));
    Xapian::Enquire &e = *m.enqs.back();
    e.set_weighting_scheme(*m.weight);
    e.set_query(live);
    e.set_cutoff(0, std::max(0.0, w - 0.6e-9));
    m.sets.push_back(e.get_mset(0, ask));
    add_picks(m, static_cast<unsigned>(m.sets.size() - 1), ask, head);
    if (head.size() < ask)
        return head; // the whole run, and all above it
    std::vector<std::vector<mzx_mset::pick>> of(nparts);
    for (const auto &h : head)
        if (h.w == w && h.part < nparts)
            of[h.part].push_back(h);
    for (size_t p = 0; p < nparts && tied.size() < want; p++) {
        if (of[p].size() >= want - tied.size()) {
            tied.insert(tied.end(), of[p].begin(),
                        of[p].begin() + (want - tied.size()));
            break;
        }
        size_t skip = 0;
        for (const auto &a : above)
            skip += a.part == p;
        add_tied(m, live, p, w, skip, want, tied);
    }
    above.insert(above.end(), tied.begin(), tied.end());
    return above;
}

// Over several databases, Xapian breaks ties by docid, which interleaves
// the databases' own: the matches [0, first + count) there are taken by
// weight (to a billionth), then database in the order added, then as the
// database orders them (as one index built of theirs in that order does).
// The search reads some way past the cut; when the run of equal weights
// there goes on past what it read, the rest of the run is read (down_to).
static void pick_ordered(mzx_mset &m, const Xapian::Query &live)
{
    Xapian::doccount need = m.first + m.count, ask = need * READ_PAST + 1;
    m.m = m.enq->get_mset(0, ask, m.check_at_least);
    m.sets.assign(1, m.m);
    std::vector<mzx_mset::pick> all;
    add_picks(m, 0, ask, all);
    if (all.size() > need && all[need - 1].w == all[need].w) {
        double w = all[need - 1].w;
        if (all.size() == ask && all.back().w == w)
            all = down_to(m, live, w, need, all);
        all.erase(std::remove_if(all.begin(), all.end(),
                                 [w](const mzx_mset::pick &a) {
                                     return a.w < w;
                                 }),
                  all.end());
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const mzx_mset::pick &a, const mzx_mset::pick &b) {
                         if (a.w != b.w)
                             return a.w > b.w;
                         if (a.part != b.part)
                             return a.part < b.part;
                         if (a.local != b.local)
                             return a.local < b.local;
                         return a.sub < b.sub;
                     });
    if (all.size() > need)
        all.resize(need);
    m.at.assign(all.begin() + std::min<size_t>(m.first, all.size()),
                all.end());
}

// Read the records of m's matches in remote databases in one search that
// brings each back as its sort key (the record slot's value): one round
// trip to each server, not one per match.  The search is m's, cut off
// below its lowest weight there and kept to the remote databases'
// passages (mzx_db_own: not done when one of them did not say); a match
// it misses is read on its own later.
static void read_remote(mzx_mset &m, unsigned from)
{
    m.read = true;
    const std::vector<char> &remote = m.db->remote;
    size_t n = m.db->db.size(), want = 0;
    if (m.how.slot < 0 || !n || !m.weight)
        return;
    double low = HUGE_VAL;
    for (size_t i = from; i < m.at.size(); i++) {
        const mzx_mset::pick &p = m.at[i];
        size_t sub = (*m.sets[p.set][p.pos] - 1) % n;
        if (sub < remote.size() && remote[sub]) {
            want++;
            low = std::min(low, p.w);
        }
    }
    if (want < 2)
        return;
    // kept to the remote databases' documents (known, or there is no
    // local one); a search whose matches all weigh 0 (filter terms only)
    // and are all in the window is run as it is
    bool flat = low <= 0;
    if (flat && m.m.get_matches_upper_bound() > m.first + m.at.size())
        return;
    std::vector<Xapian::Query> far;
    size_t first = 0;
    bool known = true, local = false;
    for (const auto &part : parts_of(*m.db)) {
        bool r = false;
        for (size_t k = first; k < first + part.nsub && k < remote.size(); k++)
            r = r || remote[k];
        local = local || !r;
        known = known && (!r || part.known);
        if (r)
            far.push_back(part.own);
        first += part.nsub;
    }
    if (!flat && !known && local)
        return;
    Xapian::Enquire e(m.db->db);
    e.set_weighting_scheme(*m.weight);
    e.set_query(flat || !local
                    ? m.live
                    : Xapian::Query(Xapian::Query::OP_FILTER, m.live,
                                    Xapian::Query(Xapian::Query::OP_OR,
                                                  far.begin(), far.end())));
    e.set_sort_by_relevance_then_value(
        static_cast<Xapian::valueno>(m.how.slot), false);
    e.set_cutoff(0, std::max(0.0, low - 0.6e-9));
    Xapian::MSet r = e.get_mset(0, REMOTE_READ_MAX);
    for (auto it = r.begin(); it != r.end(); ++it) {
        size_t sub = (*it - 1) % n;
        if (sub < remote.size() && remote[sub] && !it.get_sort_key().empty())
            m.remote_records.emplace(*it, it.get_sort_key());
    }
}

mzx_status_t mzx_db_lookup_known(mzx_db_t *db, const mzx_layout_t *layout_,
                                 const char *term, size_t len,
                                 const char *data, size_t dlen)
{
    if (!db || !term || !len || !data)
        return MZX_BAD_ARG;
    GUARD(&db->err, read_as(*db, layout(layout_));
          db->looked.emplace(std::string(term, len),
                             std::string(data, dlen)););
    return MZX_OK;
}

static bool has_remote(const mzx_db &db);

// Does ranking fewer of live's matches leave its counts as they are?  Of
// one term, yes: Xapian counts its postings (the term's frequency, its
// bounds equal), however many it ranks.  Not over a remote database (its
// records are read by the window), nor listing what it meets.
static bool counts_alike(const mzx_mset &m, const Xapian::Query &live)
{
    return live.get_type() == Xapian::Query::LEAF_TERM && !m.spy &&
           !has_remote(*m.db);
}

// m's window [first, first + count) ranked; only its first `likely` when
// the rest would change nothing the caller sees before it reads past them
// (counts_alike): ranking fewer costs less on a long posting list, where
// Xapian keeps fewer candidates and stops sooner.  The window's size is
// then known from the counts (each posting a match), and `lazy` set.
static Xapian::MSet rank(mzx_mset &m, const Xapian::Query &live)
{
    if (m.likely && m.likely < m.count && counts_alike(m, live)) {
        Xapian::MSet some = m.enq->get_mset(m.first, m.likely,
                                            m.check_at_least);
        Xapian::doccount all = some.get_matches_upper_bound();
        if (some.size() < m.likely)
            return some; // every match
        if (some.get_matches_lower_bound() == all) {
            m.lazy = true;
            m.whole = std::min(m.count, all > m.first ? all - m.first : 0);
            return some;
        }
    }
    return m.enq->get_mset(m.first, m.count, m.check_at_least);
}

static void run_search(mzx_mset &m);

// A lazy window read at i, past what was ranked: the whole window ranked
// (the same order: Xapian's ranking of more begins with its ranking of
// fewer).  The records handed out stay where they are (m.before).
static void rank_rest(const mzx_mset &cm, unsigned i)
{
    mzx_mset &m = const_cast<mzx_mset &>(cm);
    if (!m.lazy || i < m.at.size())
        return;
    m.likely = 0;
    m.before.push_back(std::move(m.data));
    run_search(m);
}

// Run m's search (again): its query less the exclusions, its window.
static void run_search(mzx_mset &m)
{
    Xapian::Query live = live_only(*m.db, m.how.excl, m.q);
    m.live = live;
    m.remote_records.clear();
    m.read = false;
    m.misses = 0;
    m.enq->set_query(live);
    m.enqs.clear();
    m.at.clear();
    if (m.spy) {
        m.spy->met.clear();
        m.spy->over = false;
    }
    m.lazy = false;
    if (orders_ties(m)) {
        pick_ordered(m, live);
    } else {
        m.m = rank(m, live);
        m.sets.assign(1, m.m);
        for (Xapian::doccount i = 0; i < m.m.size(); i++) {
            double w = m.m[i].get_weight();
            m.at.push_back({0, i, m.count ? level(w) : w, 0, 0, 0});
        }
    }
    m.data.assign(m.at.size(), std::string());
    m.have.assign(m.at.size(), false);
}

// A search's Enquire, weighted as w says (and listing what it meets when
// ms has a spy).
static void enquire(mzx_mset &ms, const mzx_weighting_t *w)
{
    ms.enq.reset(new Xapian::Enquire(docs_of(*ms.db)));
    if (ms.count == 0) // counting only: no weights needed
        ms.wt.reset(new Xapian::BoolWeight());
    else if (w && w->k1 > 0)
        ms.wt.reset(new Xapian::BM25Weight(
            w->k1, 0, 1, w->b, w->min_normlen > 0 ? w->min_normlen : 0.5));
    else
        ms.wt.reset(new Xapian::BM25Weight());
    ms.enq->set_weighting_scheme(*ms.wt);
    ms.weight = ms.wt.get();
    if (ms.spy)
        ms.enq->add_matchspy(ms.spy.get());
}

static bool has_remote(const mzx_db &db)
{
    for (char r : db.remote)
        if (r)
            return true;
    return false;
}

static mzx_status_t search(mzx_db_t *db, const mzx_layout_t *layout_,
                           const mzx_query_t *q, const mzx_weighting_t *w,
                           unsigned first, unsigned count,
                           unsigned check_at_least, bool listed,
                           unsigned likely, mzx_mset_t **out)
{
    *out = nullptr;
    if (!db || !q)
        return MZX_BAD_ARG;
    mzx_mset *ms = nullptr;
    try {
        ms = new mzx_mset; // not std::nothrow: its MSet allocates too
        ms->db = db;
        ms->how = layout(layout_);
        ms->q = q->q;
        ms->first = first;
        ms->count = count;
        ms->check_at_least = check_at_least;
        ms->likely = likely;
        // (not over a remote database: Xapian would send the spy to its
        // server, which knows none of ours)
        if (listed && !has_remote(*db)) {
            ms->spy.reset(new met_spy);
            ms->spy->most = check_at_least;
        }
        retrying([&]() {
            enquire(*ms, w);
            // The records are read when asked for (mzx_mset_data): a
            // caller that stops early never pays for the rest.
            run_search(*ms);
        }, [&]() { reopen(*db); });
    } catch (...) {
        delete ms;
        return failed_read(db->err);
    }
    *out = ms;
    return MZX_OK;
}

mzx_status_t mzx_db_search(mzx_db_t *db, const mzx_layout_t *layout_,
                           const mzx_query_t *q, const mzx_weighting_t *w,
                           unsigned first, unsigned count,
                           unsigned check_at_least, mzx_mset_t **out)
{
    return search(db, layout_, q, w, first, count, check_at_least, false,
                  0, out);
}

mzx_status_t mzx_db_search_likely(mzx_db_t *db, const mzx_layout_t *layout_,
                                  const mzx_query_t *q,
                                  const mzx_weighting_t *w, unsigned first,
                                  unsigned count, unsigned likely,
                                  unsigned check_at_least, mzx_mset_t **out)
{
    return search(db, layout_, q, w, first, count, check_at_least, false,
                  likely, out);
}

mzx_status_t mzx_db_search_listed(mzx_db_t *db, const mzx_layout_t *layout_,
                                  const mzx_query_t *q,
                                  const mzx_weighting_t *w, unsigned first,
                                  unsigned count, unsigned check_at_least,
                                  mzx_mset_t **out)
{
    return search(db, layout_, q, w, first, count, check_at_least, true,
                  0, out);
}

// Is the weight of q's matches the same inside a FILTER?  A FILTER's terms
// add none, but Xapian merges an AND (through FILTERs and AND_NOTs) with
// the filter's, and may then add its terms' weights in another order (the
// last bits of a sum); an OR, a synonym or a term is weighed as before.
static bool weighed_alike(const Xapian::Query &q)
{
    switch (q.get_type()) {
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT:
        return q.get_num_subqueries() > 0 && weighed_alike(q.get_subquery(0));
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::LEAF_TERM:
        return true;
    default:
        return false;
    }
}

// Did the listed search m meet every candidate of its query, and can it
// tell which?  Only over one local database: over several, the document
// a spy is shown carries that database's own docid, not the search's (so
// not after an update put documents in the live database, nor over
// shards); a remote one's server meets them.  Nor past the candidates it
// counted exactly.
static bool met_all(const mzx_mset &m)
{
    if (!m.spy || m.first != 0 || !m.enqs.empty() || m.sets.size() != 1 ||
        docs_of(*m.db).size() != 1 || has_remote(*m.db) ||
        !weighed_alike(m.q))
        return false;
    Xapian::doccount upper = m.m.get_matches_upper_bound();
    return !m.spy->over && m.m.get_matches_lower_bound() == upper &&
           m.spy->met.size() == upper;
}

// Which of the documents `dids` (ascending) carry one of the terms.
static std::vector<bool> carrying(const Xapian::Database &d,
                                  const std::vector<Xapian::docid> &dids,
                                  const char *const *terms,
                                  const size_t *lens, size_t n)
{
    std::vector<bool> in(dids.size(), false);
    for (size_t t = 0; t < n; t++) {
        std::string term(terms[t], lens[t]);
        Xapian::PostingIterator p = d.postlist_begin(term), end =
                                                       d.postlist_end(term);
        for (size_t i = 0; i < dids.size() && p != end; i++) {
            p.skip_to(dids[i]);
            in[i] = in[i] || (p != end && *p == dids[i]);
        }
    }
    return in;
}

// The first `count` of from's candidates, as Xapian ranks them (weight,
// then docid), whose documents carry one of the terms.
static std::vector<mzx_mset::pick> within_picks(const mzx_mset &from,
                                                const char *const *terms,
                                                const size_t *lens,
                                                size_t nterms, unsigned count)
{
    std::vector<std::pair<double, Xapian::docid>> met = from.spy->met;
    std::vector<Xapian::docid> dids;
    for (const auto &c : met)
        dids.push_back(c.second);
    std::sort(dids.begin(), dids.end());
    std::vector<bool> in = carrying(docs_of(*from.db), dids, terms, lens,
                                    nterms);
    std::sort(met.begin(), met.end(), [](const auto &a, const auto &b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    std::vector<mzx_mset::pick> picks;
    for (size_t i = 0; i < met.size() && picks.size() < count; i++) {
        size_t k = std::lower_bound(dids.begin(), dids.end(), met[i].second) -
                   dids.begin();
        if (in[k])
            picks.push_back({BY_DOCID, 0, level(met[i].first), 0,
                             met[i].second, 0});
    }
    return picks;
}

mzx_status_t mzx_mset_within(mzx_mset_t *from, const char *const *terms,
                             const size_t *lens, size_t nterms,
                             const mzx_query_t *q, const mzx_weighting_t *w,
                             unsigned count, unsigned check_at_least,
                             mzx_mset_t **out)
{
    *out = nullptr;
    if (!from || !q || count == 0)
        return MZX_BAD_ARG;
    if (!met_all(*from))
        return MZX_OK;
    mzx_mset *ms = nullptr;
    try {
        ms = new mzx_mset;
        ms->db = from->db;
        ms->how = from->how;
        ms->q = q->q;
        ms->count = count;
        ms->check_at_least = check_at_least;
        ms->m = from->m; // its counts: the unfiltered search's
        ms->live = live_only(*ms->db, ms->how.excl, ms->q);
        enquire(*ms, w); // to run q itself if the index changes
        ms->at = within_picks(*from, terms, lens, nterms, count);
        ms->data.assign(ms->at.size(), std::string());
        ms->have.assign(ms->at.size(), false);
    } catch (...) {
        delete ms;
        return failed_read(from->db->err);
    }
    *out = ms;
    return MZX_OK;
}

void mzx_mset_destroy(mzx_mset_t *m)
{
    delete m;
}

unsigned mzx_mset_size(const mzx_mset_t *m)
{
    return !m ? 0 : static_cast<unsigned>(m->lazy ? m->whole : m->at.size());
}

unsigned mzx_mset_estimate(const mzx_mset_t *m)
{
    return m ? m->m.get_matches_estimated() : 0;
}

unsigned mzx_mset_lower(const mzx_mset_t *m)
{
    return m ? m->m.get_matches_lower_bound() : 0;
}

unsigned mzx_mset_upper(const mzx_mset_t *m)
{
    return m ? m->m.get_matches_upper_bound() : 0;
}

unsigned mzx_mset_termfreq(const mzx_mset_t *m, const char *term, size_t len)
{
    if (!m || !term)
        return 0;
    try {
        return m->m.get_termfreq(std::string(term, len));
    } catch (...) {
        return 0;
    }
}

unsigned mzx_mset_docid(const mzx_mset_t *m, unsigned i)
{
    if (!m)
        return 0;
    try {
        rank_rest(*m, i);
        if (i >= m->at.size())
            return 0;
        const mzx_mset::pick &k = m->at[i];
        return k.set == BY_DOCID ? k.local : *m->sets[k.set][k.pos];
    } catch (...) {
        return 0;
    }
}

double mzx_mset_weight(const mzx_mset_t *m, unsigned i)
{
    if (!m)
        return 0;
    try {
        rank_rest(*m, i);
    } catch (...) {
        return 0;
    }
    return i < m->at.size() ? m->at[i].w : 0;
}

mzx_status_t mzx_mset_data(mzx_mset_t *m, unsigned i, const char **data,
                           size_t *len)
{
    *data = nullptr;
    *len = 0;
    if (!m || i >= mzx_mset_size(m))
        return MZX_BAD_ARG;
    // A writer that commits twice after the search ran makes its snapshot
    // unreadable: reopen, run the search again and read from the new one,
    // keeping what was handed out before.  (Not MSet::fetch(): in 1.4.22 it
    // crashed on a second batch.)
    try {
        retrying([&]() {
            rank_rest(*m, i);
            if (i < m->at.size() && !m->have[i]) {
                const mzx_mset::pick &k = m->at[i];
                Xapian::docid did = k.set == BY_DOCID
                                        ? k.local
                                        : *m->sets[k.set][k.pos];
                size_t n = m->db->db.size(), sub = n ? (did - 1) % n : 0;
                // a caller that reads more than a few remote records
                // likely reads on: the rest in one search
                if (!m->read && sub < m->db->remote.size() &&
                    m->db->remote[sub] &&
                    (k.w <= 0 || ++m->misses > READ_ONE_BY_ONE))
                    read_remote(*m, i);
                auto got = m->remote_records.find(did);
                m->data[i] = got != m->remote_records.end()
                                 ? got->second
                                 : record_of(k.set == BY_DOCID
                                                 ? docs_of(*m->db)
                                                       .get_document(did)
                                                 : m->sets[k.set][k.pos]
                                                       .get_document(),
                                             m->how);
                m->have[i] = true;
            }
        }, [&]() {
            reopen(*m->db);
            m->before.push_back(std::move(m->data));
            run_search(*m);
        });
    } catch (...) {
        return failed_read(m->db->err);
    }
    if (i >= m->at.size())
        return MZX_OK; // *data NULL: fewer matches now
    *data = m->data[i].data();
    *len = m->data[i].size();
    return MZX_OK;
}

} // extern "C"
