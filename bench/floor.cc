// floor.cc - the least a one-process Xapian search can do on an mzindex
// index, for bench.py to time beside mzsearch: open the index, match the
// query's words with the same terms and BM25 parameters mzsearch uses for
// its first phase, and print the stored records of the 10 best documents.
//
// Nothing else: no exact check of the candidates, no thesaurus, no near
// copies, no file paths or titles, no snippets, no headings.  Whatever a
// search process must pay to load libxapian and read the index, this
// pays too; what mzsearch spends beyond it is its own work.
//
//   xapian-floor INDEX and|or WORD...
//   xapian-floor --resident ROUNDS INDEX and|or WORD... [-- and|or WORD...]...
//
// The second form is the floor of a resident server: the index opened
// once, each query (groups split by --) matched and its records read in
// turn, ROUNDS times; it prints the search times' p50 and p99 as JSON,
// for bench.py to set beside mzsearch --serve's.
#include <xapian.h>

#include "../common/schema.h"

#include <cstdio>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// mzsearch's defaults (query/main.c) and record slot (common/schema.h).
const double K1 = 1.0, B = 0.0, MIN_NORMLEN = 0.5;
const Xapian::valueno RECORD_SLOT = MZ_RECORD_SLOT;
// The longest term a one-character word stands for (query/build.c): a
// bigram of two 4-byte characters.
const size_t MAX_PREFIXED_TERM = 8;

std::vector<std::string> characters(const std::string &w)
{
    std::vector<std::string> out;
    for (size_t i = 0; i < w.size();) {
        unsigned char b = static_cast<unsigned char>(w[i]);
        size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        out.push_back(w.substr(i, n));
        i += n;
    }
    return out;
}

// A word of Han characters as mzsearch's index holds it: one character is
// any term it starts (a bigram, or itself at the end of a run), two are a
// bigram, more the AND of their bigrams.
Xapian::Query word_query(const Xapian::Database &db, const std::string &w)
{
    std::vector<std::string> c = characters(w);
    std::vector<Xapian::Query> terms;
    if (c.size() == 1) {
        for (auto t = db.allterms_begin(w); t != db.allterms_end(w); ++t)
            if ((*t).size() <= MAX_PREFIXED_TERM)
                terms.emplace_back(*t);
        return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(),
                             terms.end());
    }
    for (size_t i = 0; i + 1 < c.size(); i++)
        terms.emplace_back(c[i] + c[i + 1]);
    return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
}

// The 10 best of op(words) with mzsearch's BM25; their records are read
// and handed to out (NULL: read only).  The number found.
size_t search(const Xapian::Database &db, bool any,
              const std::vector<std::string> &args, FILE *out)
{
    std::vector<Xapian::Query> words;
    for (const std::string &w : args)
        words.push_back(word_query(db, w));
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(any ? Xapian::Query::OP_OR
                                        : Xapian::Query::OP_AND,
                                    words.begin(), words.end()));
    enquire.set_weighting_scheme(Xapian::BM25Weight(K1, 0, 1, B, MIN_NORMLEN));
    Xapian::MSet m = enquire.get_mset(0, 10);
    for (auto i = m.begin(); i != m.end(); ++i) {
        std::string r = i.get_document().get_value(RECORD_SLOT);
        if (out) {
            fwrite(r.data(), 1, r.size(), out);
            putc('\n', out);
        }
    }
    return m.size();
}

struct query {
    bool any;
    std::vector<std::string> words;
};

int resident(int argc, char **argv)
{
    int rounds = atoi(argv[2]);
    std::vector<query> qs;
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0 || qs.empty()) {
            if (strcmp(argv[i], "--") == 0 && ++i >= argc)
                break;
            qs.push_back({strcmp(argv[i], "or") == 0, {}});
            continue;
        }
        qs.back().words.push_back(argv[i]);
    }
    if (rounds < 1 || qs.empty()) {
        fputs("usage: xapian-floor --resident ROUNDS INDEX and|or WORD... "
              "[-- and|or WORD...]...\n", stderr);
        return 2;
    }
    Xapian::Database db(argv[3]);
    std::vector<double> ms;
    for (int r = 0; r < rounds; r++)
        for (const query &q : qs) {
            auto t0 = std::chrono::steady_clock::now();
            search(db, q.any, q.words, nullptr);
            std::chrono::duration<double, std::milli> d =
                std::chrono::steady_clock::now() - t0;
            if (r > 0) /* the first round warms the caches */
                ms.push_back(d.count());
        }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms.empty() ? 0 : ms[(size_t)(q * (ms.size() - 1))]; };
    printf("{\"searches\": %zu, \"p50_ms\": %.4f, \"p99_ms\": %.4f}\n", ms.size(),
           at(0.5), at(0.99));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc > 4 && strcmp(argv[1], "--resident") == 0) {
        try {
            return resident(argc, argv);
        } catch (const Xapian::Error &e) {
            fprintf(stderr, "xapian-floor: %s\n", e.get_description().c_str());
            return 2;
        }
    }
    if (argc < 4 || (strcmp(argv[2], "and") != 0 && strcmp(argv[2], "or") != 0)) {
        fputs("usage: xapian-floor INDEX and|or WORD...\n", stderr);
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        std::vector<std::string> words(argv + 3, argv + argc);
        return search(db, strcmp(argv[2], "or") == 0, words, stdout) ? 0 : 1;
    } catch (const Xapian::Error &e) {
        fprintf(stderr, "xapian-floor: %s\n", e.get_description().c_str());
        return 2;
    }
}
