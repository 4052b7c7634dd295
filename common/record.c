/* record.c — encode and decode the passage record (see record.h). */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t field_size(mz_str_t s)
{
    return 21 + 2 + s.n;
}

/* v in decimal at o, then c; the end.  (A page holds each of its
 * records again, encoded this way: sprintf was most of the cost.) */
static char *put_dec(char *o, unsigned long v, char c)
{
    char b[24], *p = b + sizeof b;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    size_t n = (size_t)(b + sizeof b - p);
    memcpy(o, p, n);
    o[n] = c;
    return o + n + 1;
}

static char *put_field(char *o, mz_str_t s)
{
    o = put_dec(o, s.n, ':');
    if (s.n)
        memcpy(o, s.p, s.n);
    o += s.n;
    *o++ = '\n';
    return o;
}

/* ---- the compact record (layout 4 on) ----------------------------------- */

/* LEB128: 7 bits a byte, the low ones first, the high bit set on all but
 * the last byte. */
static char *put_varint(char *o, unsigned long v)
{
    while (v >= 0x80) {
        *o++ = (char)((v & 0x7f) | 0x80);
        v >>= 7;
    }
    *o++ = (char)v;
    return o;
}

static char *put_bytes(char *o, mz_str_t s)
{
    o = put_varint(o, s.n);
    if (s.n)
        memcpy(o, s.p, s.n);
    return o + s.n;
}

/* The compact form (record.h): the magic byte, the numbers as varints,
 * the key and the headings with their lengths, the text to the end. */
static int encode_compact(const mz_record_t *r, unsigned nsec, char **out,
                          size_t *outlen)
{
    size_t cap = 1 + 12 * 10 + 10 + r->file.n + r->text.n;
    for (unsigned i = 0; i < nsec; i++)
        cap += 10 + r->section[i].n;
    char *buf = malloc(cap), *o = buf;
    if (!buf)
        return -1;
    *o++ = (char)MZ_RECORD_MAGIC;
    /* the ends as differences (modulo 2^64: any pair comes back) */
    unsigned long nums[] = {r->line_start, r->line_end - r->line_start,
                            r->byte_start, r->byte_end - r->byte_start,
                            r->nth, r->year, r->type, r->genre, r->column,
                            nsec};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        o = put_varint(o, nums[i]);
    o = put_bytes(o, r->file);
    for (unsigned i = 0; i < nsec; i++)
        o = put_bytes(o, r->section[i]);
    if (r->text.n)
        memcpy(o, r->text.p, r->text.n);
    o += r->text.n;
    *out = buf;
    *outlen = (size_t)(o - buf);
    return 0;
}

int mz_record_encode(const mz_record_t *r, char **out, size_t *outlen)
{
    unsigned nsec = r->nsection < MZ_SECTION_MAX ? r->nsection : MZ_SECTION_MAX;
    if (r->file.n > 0)
        return encode_compact(r, nsec, out, outlen);
    size_t cap = 256 + field_size(r->text) + field_size(r->path) +
                 field_size(r->title);
    for (unsigned i = 0; i < nsec; i++)
        cap += field_size(r->section[i]);
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    char *o = buf;
    memcpy(o, "mzr1 ", 5);
    o = put_dec(o + 5, r->line_start, ' ');
    o = put_dec(o, r->line_end, ' ');
    o = put_dec(o, r->byte_start, ' ');
    o = put_dec(o, r->byte_end, ' ');
    o = put_dec(o, nsec, '\n');
    o = put_field(o, r->path);
    o = put_field(o, r->title);
    for (unsigned i = 0; i < nsec; i++)
        o = put_field(o, r->section[i]);
    o = put_field(o, r->text);
    memcpy(o, "d ", 2);
    o = put_dec(o + 2, r->year, ' ');
    o = put_dec(o, r->type, '\n');
    if (r->column) {
        memcpy(o, "c ", 2);
        o = put_dec(o + 2, r->column, '\n');
    }
    if (r->genre) {
        memcpy(o, "g ", 2);
        o = put_dec(o + 2, r->genre, '\n');
    }
    *out = buf;
    *outlen = (size_t)(o - buf);
    return 0;
}

static int get_varint(const char **p, const char *end, unsigned long *v)
{
    unsigned long x = 0;
    for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char b = (unsigned char)*(*p)++;
        if (shift == 63 && b > 1)
            return -1;
        x |= (unsigned long)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

static int get_bytes(const char **p, const char *end, mz_str_t *f)
{
    unsigned long n;
    if (get_varint(p, end, &n) < 0 || (unsigned long)(end - *p) < n)
        return -1;
    f->p = *p;
    f->n = n;
    *p += n;
    return 0;
}

static int decode_compact(const char *data, size_t len, mz_record_t *r)
{
    const char *p = data + 1, *end = data + len;
    unsigned long lines, bytes, nsec;
    if (get_varint(&p, end, &r->line_start) < 0 ||
        get_varint(&p, end, &lines) < 0 ||
        get_varint(&p, end, &r->byte_start) < 0 ||
        get_varint(&p, end, &bytes) < 0 || get_varint(&p, end, &r->nth) < 0 ||
        get_varint(&p, end, &r->year) < 0 ||
        get_varint(&p, end, &r->type) < 0 ||
        get_varint(&p, end, &r->genre) < 0 ||
        get_varint(&p, end, &r->column) < 0 ||
        get_varint(&p, end, &nsec) < 0 || nsec > MZ_SECTION_MAX)
        return -1;
    r->line_end = r->line_start + lines;
    r->byte_end = r->byte_start + bytes;
    r->nsection = (unsigned)nsec;
    if (get_bytes(&p, end, &r->file) < 0 || r->file.n == 0)
        return -1;
    for (unsigned i = 0; i < r->nsection; i++)
        if (get_bytes(&p, end, &r->section[i]) < 0)
            return -1;
    r->text = (mz_str_t){p, (size_t)(end - p)};
    return 0;
}

/* Parse an unsigned decimal ending at `stop`; advances *p past the stop
 * byte.  -1 on anything else. */
static int get_num(const char **p, const char *end, char stop,
                   unsigned long *v)
{
    const char *s = *p;
    unsigned long x = 0;
    if (s >= end || *s < '0' || *s > '9')
        return -1;
    while (s < end && *s >= '0' && *s <= '9') {
        unsigned long d = (unsigned long)(*s++ - '0');
        if (x > (~0UL - d) / 10) /* any unsigned long: a compact record's */
            return -1;
        x = x * 10 + d;
    }
    if (s >= end || *s != stop)
        return -1;
    *p = s + 1;
    *v = x;
    return 0;
}

static int get_field(const char **p, const char *end, mz_str_t *f)
{
    unsigned long n;
    if (get_num(p, end, ':', &n) < 0 || (size_t)(end - *p) < n + 1 ||
        (*p)[n] != '\n')
        return -1;
    f->p = *p;
    f->n = n;
    *p += n + 1;
    return 0;
}

int mz_record_decode(const char *data, size_t len, mz_record_t *r)
{
    const char *p = data, *end = data + len;
    unsigned long nsec;
    memset(r, 0, sizeof *r);
    if (len >= 1 && (unsigned char)data[0] == MZ_RECORD_MAGIC)
        return decode_compact(data, len, r);
    if (len < 5 || memcmp(p, "mzr", 3) != 0 || (p[3] != '1' && p[3] != '2') ||
        p[4] != ' ')
        return -1;
    int v2 = p[3] == '2';
    p += 5;
    if (get_num(&p, end, ' ', &r->line_start) < 0 ||
        get_num(&p, end, ' ', &r->line_end) < 0 ||
        get_num(&p, end, ' ', &r->byte_start) < 0 ||
        get_num(&p, end, ' ', &r->byte_end) < 0 ||
        get_num(&p, end, v2 ? ' ' : '\n', &nsec) < 0 ||
        nsec > MZ_SECTION_MAX || (v2 && get_num(&p, end, '\n', &r->nth) < 0))
        return -1;
    r->nsection = (unsigned)nsec;
    if (v2 ? get_field(&p, end, &r->file) < 0 || r->file.n == 0
           : get_field(&p, end, &r->path) < 0 ||
                 get_field(&p, end, &r->title) < 0)
        return -1;
    for (unsigned i = 0; i < r->nsection; i++)
        if (get_field(&p, end, &r->section[i]) < 0)
            return -1;
    if (get_field(&p, end, &r->text) < 0)
        return -1;
    if (end - p >= 2 && p[0] == 'd' && p[1] == ' ') {
        p += 2;
        if (get_num(&p, end, ' ', &r->year) < 0 ||
            get_num(&p, end, '\n', &r->type) < 0)
            return -1;
        if (end - p >= 2 && p[0] == 'c' && p[1] == ' ') {
            p += 2;
            if (get_num(&p, end, '\n', &r->column) < 0)
                return -1;
        }
        if (end - p >= 2 && p[0] == 'g' && p[1] == ' ') {
            p += 2;
            if (get_num(&p, end, '\n', &r->genre) < 0)
                return -1;
        }
    }
    return 0;
}

int mz_file_record_encode(mz_str_t key, mz_str_t path, mz_str_t title,
                          char **out, size_t *outlen)
{
    char *buf = malloc(8 + field_size(key) + field_size(path) +
                       field_size(title));
    if (!buf)
        return -1;
    char *o = buf + sprintf(buf, "mzf1\n");
    o = put_field(o, key);
    o = put_field(o, path);
    o = put_field(o, title);
    *out = buf;
    *outlen = (size_t)(o - buf);
    return 0;
}

int mz_file_record_decode(const char *data, size_t len, mz_str_t *key,
                          mz_str_t *path, mz_str_t *title)
{
    const char *p = data, *end = data + len;
    if (len < 5 || memcmp(p, "mzf1\n", 5) != 0)
        return -1;
    p += 5;
    return get_field(&p, end, key) < 0 || get_field(&p, end, path) < 0 ||
                   get_field(&p, end, title) < 0
               ? -1
               : 0;
}

const char *mz_doc_type_name(unsigned long type)
{
    return type == MZ_TYPE_GROUP ? "group"
           : type == MZ_TYPE_PERSONAL ? "personal" : "unknown";
}

static unsigned long year_in(const char *s, size_t n)
{
    for (size_t i = 0; i + 7 <= n; i++)
        if (s[i] == '2' && s[i + 1] == '0' && s[i + 2] >= '0' &&
            s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9' &&
            memcmp(s + i + 4, "年", 3) == 0 &&
            (i == 0 || s[i - 1] < '0' || s[i - 1] > '9'))
            return (unsigned long)(2000 + (s[i + 2] - '0') * 10 +
                                   (s[i + 3] - '0'));
    return 0;
}

unsigned long mz_doc_year(mz_str_t title, mz_str_t text)
{
    unsigned long year = year_in(title.p, title.n);
    return year ? year : year_in(text.p, text.n < 2000 ? text.n : 2000);
}
