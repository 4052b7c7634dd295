/* extract.c — files to text by kind (see extract.h).  Zip through
 * libarchive, XML and HTML through libxml2 (no network, no entity
 * expansion), PDF and Word 97 through the converters Debian packages. */
#include "extract.h"
#include "segment.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { CONVERT_SECONDS = 60, MAX_STYLES = 4096 };

static int fail(char *why, size_t n, const char *msg)
{
    snprintf(why, n, "%s", msg);
    return -1;
}

/* ---- a growing string with a cap ------------------------------------- */

typedef struct {
    char *p;
    size_t n, cap, max;
    int full;              /* hit max: the rest was dropped */
} sb_t;

static int sb_add(sb_t *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->max) {
        b->full = 1;
        return -1;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

static int sb_str(sb_t *b, const char *s)
{
    return sb_add(b, s, strlen(s));
}

/* Append text with every control character (newlines included) made a
 * space, so one paragraph stays one line. */
static int sb_text(sb_t *b, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20) {
            if (sb_add(b, s + from, i - from) < 0 || sb_add(b, " ", 1) < 0)
                return -1;
            from = i + 1;
        }
    }
    return sb_add(b, s + from, n - from);
}

/* Hand the finished text to the caller as a decoded document. */
static int finish(sb_t *b, mz_decoded_t *out, const char *encoding,
                  char *why, size_t whylen)
{
    int rc = mz_decode_bytes(b->p ? b->p : "", b->n, out, why, whylen);
    free(b->p);
    if (rc == 0)
        out->encoding = encoding;
    return rc;
}

/* ---- kinds ---------------------------------------------------------------- */

typedef enum { K_NONE, K_TEXT, K_MD, K_DOCX, K_HTML, K_PDF, K_DOC, K_WPS }
    kind_t;

static kind_t kind_of(const char *name)
{
    static const struct { const char *ext; kind_t k; } kinds[] = {
        {".txt", K_TEXT}, {".text", K_TEXT}, {".md", K_MD},
        {".markdown", K_MD}, {".docx", K_DOCX}, {".html", K_HTML},
        {".htm", K_HTML}, {".pdf", K_PDF}, {".doc", K_DOC}, {".wps", K_WPS}};
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return K_NONE;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcasecmp(dot, kinds[i].ext) == 0)
            return kinds[i].k;
    return K_NONE;
}

int mz_extract_wanted(const char *name)
{
    /* Word's lock files ("~$name.docx") are not documents */
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    return kind_of(name) != K_NONE && strncmp(base, "~$", 2) != 0;
}

/* ---- reading a whole file ------------------------------------------------ */

static char *read_file(const char *path, size_t *len, char *why,
                       size_t whylen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, whylen, "cannot read: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        fail(why, whylen, "not a regular file");
        return NULL;
    }
    if (st.st_size > MZ_FILE_MAX) {
        fclose(f);
        snprintf(why, whylen, "too large (%lld MB; the limit is %d MB)",
                 (long long)(st.st_size >> 20), MZ_FILE_MAX >> 20);
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        fclose(f);
        fail(why, whylen, "out of memory");
        return NULL;
    }
    *len = fread(buf, 1, (size_t)st.st_size, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(why, whylen, "cannot read: %s", strerror(errno));
        return NULL;
    }
    return buf;
}

/* ---- .docx -------------------------------------------------------------- */

/* Read the zip entry named `name` (at most MZ_PART_MAX inflated bytes).
 * Returns 1 found, 0 absent, -1 broken or too large. */
static int zip_part(const char *buf, size_t len, const char *name, sb_t *out)
{
    struct archive *a = archive_read_new();
    if (!a)
        return -1;
    archive_read_support_format_zip(a);
    int found = 0;
    if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
        archive_read_free(a);
        return -1;
    }
    struct archive_entry *e;
    int r;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *n = archive_entry_pathname(e);
        if (!n || strcmp(n, name) != 0) {
            archive_read_data_skip(a);
            continue;
        }
        char chunk[65536];
        la_ssize_t got;
        found = 1;
        out->max = MZ_PART_MAX;
        while ((got = archive_read_data(a, chunk, sizeof chunk)) > 0)
            if (sb_add(out, chunk, (size_t)got) < 0) {
                found = -1;
                break;
            }
        if (got < 0)
            found = -1;
        break;
    }
    if (r != ARCHIVE_OK && r != ARCHIVE_EOF && !found)
        found = -1;
    archive_read_free(a);
    return found;
}

typedef struct {
    char id[64];
    int level;
} style_t;

typedef struct {
    style_t v[MAX_STYLES];
    size_t n;
} styles_t;

static int xml_opts(void)
{
    /* no network, no entity substitution, no DTD loading, quiet */
    return XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
           XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
}

static int is_w(xmlTextReaderPtr r, const char *local)
{
    const xmlChar *n = xmlTextReaderConstLocalName(r);
    return n && strcmp((const char *)n, local) == 0;
}

static char *w_attr(xmlTextReaderPtr r, const char *local)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(
        r, (const xmlChar *)local,
        (const xmlChar *)"http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    return (char *)v;
}

/* The heading level a style name means: "heading 2", "Heading2", "标题 2",
 * "Title"/"标题" (1); 0 for none. */
static int level_of_name(const char *name)
{
    if (!name)
        return 0;
    if (strcasecmp(name, "title") == 0 || strcmp(name, "标题") == 0)
        return 1;
    const char *d = NULL;
    if (strncasecmp(name, "heading", 7) == 0)
        d = name + 7;
    else if (strncmp(name, "标题", strlen("标题")) == 0)
        d = name + strlen("标题");
    if (!d)
        return 0;
    while (*d == ' ')
        d++;
    return *d >= '1' && *d <= '6' && d[1] == '\0' ? *d - '0' : 0;
}

static void load_styles(const sb_t *xml, styles_t *st)
{
    st->n = 0;
    xmlTextReaderPtr r = xmlReaderForMemory(xml->p, (int)xml->n, NULL, NULL,
                                            xml_opts());
    if (!r)
        return;
    style_t cur = {{0}, 0};
    int in_style = 0;
    while (xmlTextReaderRead(r) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT && is_w(r, "style")) {
            char *id = w_attr(r, "styleId");
            memset(&cur, 0, sizeof cur);
            if (id)
                snprintf(cur.id, sizeof cur.id, "%s", id);
            xmlFree(id);
            in_style = !xmlTextReaderIsEmptyElement(r);
        } else if (in_style && type == XML_READER_TYPE_ELEMENT &&
                   is_w(r, "name")) {
            char *v = w_attr(r, "val");
            if (!cur.level)
                cur.level = level_of_name(v);
            xmlFree(v);
        } else if (in_style && type == XML_READER_TYPE_ELEMENT &&
                   is_w(r, "outlineLvl")) {
            char *v = w_attr(r, "val");
            int lv = v ? atoi(v) : 9;
            if (!cur.level && lv >= 0 && lv < 6)
                cur.level = lv + 1;
            xmlFree(v);
        } else if (type == XML_READER_TYPE_END_ELEMENT && is_w(r, "style")) {
            if (in_style && cur.level && cur.id[0] && st->n < MAX_STYLES)
                st->v[st->n++] = cur;
            in_style = 0;
        }
    }
    xmlFreeTextReader(r);
}

static int style_level(const styles_t *st, const char *id)
{
    for (size_t i = 0; id && i < st->n; i++)
        if (strcmp(st->v[i].id, id) == 0)
            return st->v[i].level;
    return level_of_name(id); /* documents without styles.xml */
}

/* ---- automatic numbering (word/numbering.xml) --------------------------
 * Word can number paragraphs itself ("一、", "（一）", "1."): the numbers
 * are not in the text, so they are rendered here from each list level's
 * format and text, and the splitter sees them as the author did. */

enum { MAX_NUMS = 512, NUM_LEVELS = 9 };

typedef struct {
    char fmt[32];      /* numFmt: decimal, chineseCounting, ... */
    char text[48];     /* lvlText: "%1、", "（%2）" */
    int start;
} lvl_t;

typedef struct {
    int abstract_id;
    lvl_t lvl[NUM_LEVELS];
} absnum_t;

typedef struct {
    absnum_t *abs;
    size_t nabs;
    struct { int num_id, abs_id; int count[NUM_LEVELS]; } nums[MAX_NUMS];
    size_t nnums;
} numbering_t;

static void load_numbering(const sb_t *xml, numbering_t *nb)
{
    xmlTextReaderPtr r = xmlReaderForMemory(xml->p, (int)xml->n, NULL, NULL,
                                            xml_opts());
    if (!r)
        return;
    absnum_t *cur = NULL;
    int lvl = -1, num = -1;
    while (xmlTextReaderRead(r) == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
            continue;
        char *v = NULL;
        if (is_w(r, "abstractNum")) {
            absnum_t *a = realloc(nb->abs, (nb->nabs + 1) * sizeof *a);
            if (!a)
                break;
            nb->abs = a;
            cur = &a[nb->nabs++];
            memset(cur, 0, sizeof *cur);
            v = w_attr(r, "abstractNumId");
            cur->abstract_id = v ? atoi(v) : -1;
            num = -1;
        } else if (is_w(r, "lvl") && cur) {
            v = w_attr(r, "ilvl");
            lvl = v ? atoi(v) : -1;
            if (lvl >= 0 && lvl < NUM_LEVELS)
                cur->lvl[lvl].start = 1;
        } else if ((is_w(r, "numFmt") || is_w(r, "lvlText") ||
                    is_w(r, "start")) && cur && lvl >= 0 &&
                   lvl < NUM_LEVELS && num < 0) {
            v = w_attr(r, "val");
            lvl_t *L = &cur->lvl[lvl];
            if (v && is_w(r, "numFmt"))
                snprintf(L->fmt, sizeof L->fmt, "%s", v);
            else if (v && is_w(r, "lvlText"))
                snprintf(L->text, sizeof L->text, "%s", v);
            else if (v)
                L->start = atoi(v);
        } else if (is_w(r, "num") && nb->nnums < MAX_NUMS) {
            v = w_attr(r, "numId");
            num = (int)nb->nnums;
            nb->nums[num].num_id = v ? atoi(v) : -1;
            nb->nums[num].abs_id = -1;
            nb->nnums++;
            cur = NULL;
        } else if (is_w(r, "abstractNumId") && num >= 0) {
            v = w_attr(r, "val");
            nb->nums[num].abs_id = v ? atoi(v) : -1;
        }
        xmlFree(v);
    }
    xmlFreeTextReader(r);
}

/* n in the list format fmt, into buf. */
static void format_number(const char *fmt, int n, char *buf, size_t len)
{
    static const char *const cn[] = {"〇", "一", "二", "三", "四", "五",
                                     "六", "七", "八", "九"};
    static const char *const circled[] = {"①", "②", "③", "④", "⑤", "⑥",
                                          "⑦", "⑧", "⑨", "⑩"};
    if (strncmp(fmt, "chinese", 7) == 0 || strncmp(fmt, "ideograph", 9) == 0 ||
        strncmp(fmt, "japaneseCounting", 16) == 0) {
        if (n > 0 && n < 10)
            snprintf(buf, len, "%s", cn[n]);
        else if (n >= 10 && n < 100)
            snprintf(buf, len, "%s十%s", n / 10 == 1 ? "" : cn[n / 10],
                     n % 10 ? cn[n % 10] : "");
        else
            snprintf(buf, len, "%d", n);
    } else if (strcmp(fmt, "decimalEnclosedCircle") == 0 && n >= 1 &&
               n <= 10) {
        snprintf(buf, len, "%s", circled[n - 1]);
    } else if (strcmp(fmt, "lowerLetter") == 0 && n >= 1 && n <= 26) {
        snprintf(buf, len, "%c", 'a' + n - 1);
    } else if (strcmp(fmt, "upperLetter") == 0 && n >= 1 && n <= 26) {
        snprintf(buf, len, "%c", 'A' + n - 1);
    } else if (strcmp(fmt, "bullet") == 0 || strcmp(fmt, "none") == 0) {
        buf[0] = '\0';
    } else {
        snprintf(buf, len, "%d", n);
    }
}

/* Count a paragraph of list numId at level ilvl and render its number
 * ("（二）") into buf; "" when the list is unknown. */
static void number_para(numbering_t *nb, int num_id, int ilvl, char *buf,
                        size_t len)
{
    buf[0] = '\0';
    if (ilvl < 0 || ilvl >= NUM_LEVELS)
        return;
    for (size_t i = 0; i < nb->nnums; i++) {
        if (nb->nums[i].num_id != num_id)
            continue;
        const absnum_t *a = NULL;
        for (size_t k = 0; k < nb->nabs; k++)
            if (nb->abs[k].abstract_id == nb->nums[i].abs_id)
                a = &nb->abs[k];
        if (!a)
            return;
        int *count = nb->nums[i].count;
        count[ilvl] = count[ilvl] ? count[ilvl] + 1 : a->lvl[ilvl].start;
        for (int d = ilvl + 1; d < NUM_LEVELS; d++)
            count[d] = 0;
        size_t o = 0;
        for (const char *t = a->lvl[ilvl].text; *t && o + 1 < len; t++) {
            if (*t == '%' && t[1] >= '1' && t[1] <= '9') {
                int l = t[1] - '1';
                char num[32];
                format_number(a->lvl[l].fmt, count[l] ? count[l]
                                                      : a->lvl[l].start,
                              num, sizeof num);
                o += (size_t)snprintf(buf + o, len - o, "%s", num);
                if (o >= len)
                    o = len - 1;
                t++;
            } else {
                buf[o++] = *t;
            }
        }
        buf[o] = '\0';
        return;
    }
}

typedef struct {
    sb_t out, para;
    int level, in_p, in_t;
    int num_id, ilvl;      /* the paragraph's list, if any */
    numbering_t *nb;
} docx_t;

static int flush_para(docx_t *d)
{
    /* trim spaces */
    size_t s = 0, e = d->para.n;
    while (s < e && (d->para.p[s] == ' '))
        s++;
    while (e > s && d->para.p[e - 1] == ' ')
        e--;
    int rc = 0;
    char num[96] = "";
    if (e > s && d->num_id > 0 && d->nb)
        number_para(d->nb, d->num_id, d->ilvl, num, sizeof num);
    if (e > s) {
        if (d->level > 0) {
            char hashes[8] = "######";
            hashes[d->level] = '\0';
            rc |= sb_str(&d->out, hashes);
            rc |= sb_str(&d->out, " ");
        }
        rc |= sb_str(&d->out, num);
        rc |= sb_add(&d->out, d->para.p + s, e - s);
        rc |= sb_str(&d->out, "\n");
    }
    d->para.n = 0;
    d->level = 0;
    d->num_id = 0;
    d->ilvl = 0;
    return rc;
}

/* A w: attribute of the current element as a number, or dflt. */
static int int_attr(xmlTextReaderPtr r, const char *name, int dflt)
{
    char *v = w_attr(r, name);
    int n = v ? atoi(v) : dflt;
    xmlFree(v);
    return n;
}

/* An element of word/document.xml opens: a paragraph, its style, list
 * number or outline level, a run of text, a tab or a break. */
static void docx_element(docx_t *d, xmlTextReaderPtr r,
                         const styles_t *styles)
{
    if (is_w(r, "p")) {
        if (d->in_p)
            flush_para(d);  /* a paragraph inside a text box */
        d->in_p = !xmlTextReaderIsEmptyElement(r);
        d->level = 0;
    } else if (is_w(r, "t")) {
        d->in_t = !xmlTextReaderIsEmptyElement(r);
    } else if (!d->in_p) {
        return;
    } else if (is_w(r, "pStyle")) {
        char *v = w_attr(r, "val");
        d->level = style_level(styles, v);
        xmlFree(v);
    } else if (is_w(r, "numId")) {
        d->num_id = int_attr(r, "val", 0);
    } else if (is_w(r, "ilvl")) {
        d->ilvl = int_attr(r, "val", 0);
    } else if (is_w(r, "outlineLvl")) {
        int lv = int_attr(r, "val", 9);
        if (lv >= 0 && lv < 6)
            d->level = lv + 1;
    } else if (is_w(r, "tab") || is_w(r, "br") || is_w(r, "cr")) {
        sb_str(&d->para, " ");
    }
}

/* One node of word/document.xml read into d; 0 when the text is too
 * large to go on. */
static int docx_node(docx_t *d, xmlTextReaderPtr r, const styles_t *styles)
{
    int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_ELEMENT) {
        docx_element(d, r, styles);
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (is_w(r, "t"))
            d->in_t = 0;
        else if (is_w(r, "p")) {
            if (flush_para(d) < 0 && d->out.full)
                return 0;
            d->in_p = 0;
        }
    } else if ((type == XML_READER_TYPE_TEXT ||
                type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) && d->in_t) {
        const char *v = (const char *)xmlTextReaderConstValue(r);
        if (v && sb_text(&d->para, v, strlen(v)) < 0 && d->para.full)
            return 0;
    }
    return 1;
}

int mz_extract_docx(const char *buf, size_t len, mz_decoded_t *out,
                    char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    sb_t doc = {0}, sty = {0};
    int rc = zip_part(buf, len, "word/document.xml", &doc);
    if (rc <= 0) {
        free(doc.p);
        return fail(why, whylen, rc == 0 ? "not a Word document (no "
                                           "word/document.xml)"
                    : doc.full ? "broken .docx (its text is larger than "
                                 "64 MB inflated)"
                               : "broken .docx (not a readable zip)");
    }
    styles_t *styles = calloc(1, sizeof *styles);
    if (!styles) {
        free(doc.p);
        return fail(why, whylen, "out of memory");
    }
    if (zip_part(buf, len, "word/styles.xml", &sty) > 0)
        load_styles(&sty, styles);
    free(sty.p);
    numbering_t *nb = calloc(1, sizeof *nb);
    sb_t numx = {0};
    if (nb && zip_part(buf, len, "word/numbering.xml", &numx) > 0)
        load_numbering(&numx, nb);
    free(numx.p);

    docx_t d = {.out = {.max = MZ_PART_MAX}, .para = {.max = MZ_PART_MAX},
                .nb = nb};
    xmlTextReaderPtr r = xmlReaderForMemory(doc.p, (int)doc.n, NULL, NULL,
                                            xml_opts());
    int ok = r != NULL, res = 0;
    while (ok && (res = xmlTextReaderRead(r)) == 1)
        ok = docx_node(&d, r, styles);
    if (r)
        xmlFreeTextReader(r);
    free(doc.p);
    free(styles);
    if (nb)
        free(nb->abs);
    free(nb);
    free(d.para.p);
    if (!r || res < 0) {
        free(d.out.p);
        return fail(why, whylen, "broken .docx (its XML cannot be parsed)");
    }
    if (!ok) {
        free(d.out.p);
        return fail(why, whylen, "broken .docx (too much text)");
    }
    return finish(&d.out, out, "docx", why, whylen);
}

/* ---- HTML ---------------------------------------------------------------- */

static int is_block(const char *n)
{
    static const char *const blocks[] = {
        "p", "div", "br", "li", "tr", "td", "th", "section", "article",
        "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "title",
        "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", NULL};
    for (const char *const *b = blocks; *b; b++)
        if (strcasecmp(n, *b) == 0)
            return 1;
    return 0;
}

static void html_newline(sb_t *b)
{
    if (b->n && b->p[b->n - 1] != '\n')
        sb_str(b, "\n");
}

static void html_walk(xmlNodePtr n, sb_t *b, int depth)
{
    for (; n && depth < 256; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)n->content;
            if (t)
                sb_text(b, t, strlen(t));
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (strcasecmp(name, "script") == 0 || strcasecmp(name, "style") == 0 ||
            strcasecmp(name, "noscript") == 0 || strcasecmp(name, "head") == 0)
            continue;
        int block = is_block(name);
        if (block)
            html_newline(b);
        if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' &&
            name[1] <= '6' && !name[2]) {
            char h[9] = "######";
            h[name[1] - '0'] = '\0';
            sb_str(b, h);
            sb_str(b, " ");
        }
        html_walk(n->children, b, depth + 1);
        if (block)
            html_newline(b);
    }
}

int mz_extract_html(const char *buf, size_t len, mz_decoded_t *out,
                    char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    if (len > (size_t)MZ_PART_MAX)
        return fail(why, whylen, "too large for HTML (over 64 MB)");
    htmlDocPtr doc = htmlReadMemory(buf, (int)len, NULL, NULL,
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                                    HTML_PARSE_COMPACT);
    if (!doc)
        return fail(why, whylen, "broken HTML (cannot be parsed)");
    sb_t b = {.max = MZ_CONVERTED_MAX};
    html_walk(xmlDocGetRootElement(doc), &b, 0);
    xmlFreeDoc(doc);
    return finish(&b, out, "html", why, whylen);
}

/* ---- converters: pdftotext, antiword, catdoc ----------------------------- */

/* Run argv, collect its standard output (at most MZ_CONVERTED_MAX bytes,
 * CONVERT_SECONDS of time).  Returns 0, -2 when the program is not
 * installed, -1 when it failed. */
static int run_converter(char *const argv[], sb_t *out)
{
    int fds[2];
    /* close-on-exec: a converter started by another indexing thread must
     * not inherit this pipe (its end would keep our read from seeing EOF);
     * dup2 in the child clears the flag on its standard output */
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
                                     O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return rc == ENOENT ? -2 : -1;
    }
    out->max = MZ_CONVERTED_MAX;
    time_t end = time(NULL) + CONVERT_SECONDS;
    int failed = 0;
    for (;;) {
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        int left = (int)(end - time(NULL));
        if (left <= 0 || poll(&p, 1, left * 1000) <= 0) {
            failed = 1; /* too slow */
            break;
        }
        char chunk[65536];
        ssize_t got = read(fds[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        if (sb_add(out, chunk, (size_t)got) < 0) {
            failed = 1;
            break;
        }
    }
    close(fds[0]);
    if (failed)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    /* a posix_spawnp child that could not exec exits 127 */
    if (!failed && WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return -2;
    return failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ? -1 : 0;
}

/* Lines to paragraphs: a blank line (or a form feed) ends a paragraph; the
 * lines of one paragraph are joined, with a space only between two Latin
 * letters or digits. */
static int join_lines(const sb_t *in, sb_t *out)
{
    out->max = MZ_CONVERTED_MAX;
    size_t i = 0;
    int in_para = 0;
    while (i < in->n) {
        size_t e = i;
        while (e < in->n && in->p[e] != '\n')
            e++;
        size_t s = i, t = e;
        while (s < t && (in->p[s] == ' ' || in->p[s] == '\f' ||
                         in->p[s] == '\r' || in->p[s] == '\t'))
            s++;
        while (t > s && (in->p[t - 1] == ' ' || in->p[t - 1] == '\r' ||
                         in->p[t - 1] == '\f'))
            t--;
        if (t == s) {
            if (in_para && sb_str(out, "\n") < 0)
                return -1;
            in_para = 0;
        } else {
            if (in_para) {
                unsigned char a = (unsigned char)out->p[out->n - 1];
                unsigned char z = (unsigned char)in->p[s];
                if (a < 0x80 && z < 0x80 && a != ' ' && sb_str(out, " ") < 0)
                    return -1;
            }
            if (sb_text(out, in->p + s, t - s) < 0)
                return -1;
            in_para = 1;
        }
        i = e + 1;
    }
    if (in_para && sb_str(out, "\n") < 0)
        return -1;
    return 0;
}

static int convert_with(char *const argv[], const char *package,
                        const char *what, mz_decoded_t *out, char *why,
                        size_t whylen, int *missing)
{
    sb_t raw = {0}, text = {0};
    int rc = run_converter(argv, &raw);
    if (rc == -2) {
        *missing = 1;
        free(raw.p);
        snprintf(why, whylen, "%s is not installed (apt-get install %s)",
                 argv[0], package);
        return -1;
    }
    *missing = 0;
    if (rc < 0) {
        free(raw.p);
        snprintf(why, whylen, "%s could not read it (broken or protected "
                 "%s?)", argv[0], what);
        return -1;
    }
    rc = join_lines(&raw, &text);
    free(raw.p);
    if (rc < 0) {
        free(text.p);
        return fail(why, whylen, "too much text (over 64 MB)");
    }
    return finish(&text, out, what, why, whylen);
}

/* ---- dispatch --------------------------------------------------------------- */

int mz_extract_file(const char *path, mz_decoded_t *out, int *markdown,
                    char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    *markdown = 0;
    kind_t k = kind_of(path);
    int missing = 0;
    switch (k) {
    case K_TEXT:
    case K_MD:
        *markdown = k == K_MD;
        return mz_decode_file(path, out, why, whylen);
    case K_DOCX:
    case K_HTML: {
        size_t len = 0;
        char *buf = read_file(path, &len, why, whylen);
        if (!buf)
            return -1;
        *markdown = 1;
        int rc = k == K_DOCX ? mz_extract_docx(buf, len, out, why, whylen)
                             : mz_extract_html(buf, len, out, why, whylen);
        free(buf);
        return rc;
    }
    case K_PDF: {
        char *argv[] = {"pdftotext", "-q", "-enc", "UTF-8", "-nopgbrk",
                        (char *)path, "-", NULL};
        return convert_with(argv, "poppler-utils", "pdf", out, why, whylen,
                            &missing);
    }
    case K_DOC:
    case K_WPS: {
        /* antiword reads Word 97-2003 and says clearly when a file is not
         * one; catdoc also reads WPS, and is the fallback */
        char *aw[] = {"antiword", "-m", "UTF-8.txt", "-w", "0", (char *)path,
                      NULL};
        if (k == K_DOC) {
            if (convert_with(aw, "antiword", "doc", out, why, whylen,
                             &missing) == 0)
                return 0;
            if (!missing)
                return -1;
        }
        char *cd[] = {"catdoc", "-d", "utf-8", "-w", (char *)path, NULL};
        int also_missing = 0;
        if (convert_with(cd, "catdoc", "doc", out, why, whylen,
                         &also_missing) == 0)
            return 0;
        if ((missing || k == K_WPS) && also_missing)
            snprintf(why, whylen, "reading .doc/.wps needs antiword or "
                     "catdoc (apt-get install antiword catdoc)");
        return -1;
    }
    case K_NONE:
    default:
        return fail(why, whylen, "not a kind of file mzindex reads (it reads "
                    ".txt .md .docx .html .pdf .doc .wps)");
    }
}
