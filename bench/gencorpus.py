#!/usr/bin/python3
"""gencorpus.py - a distinct corpus N times the size of a source corpus, for
measuring scale on text an index has not seen before.

  bench/gencorpus.py --scale N [--seed S] --out DIR SOURCE_DIR...

Copies of the source would measure near-copy lookups, not scale: every term
would keep its documents' shape and the index would compress them away.
This makes new text with the source's statistics instead:

 - Each generated document takes the shape of a source document (its
   headings, how many paragraphs, how many sentences each, how long), and a
   title made of the start of one source title and the end of another.
 - Each sentence is rebuilt clause by clause (clauses end at ，；：、): its
   first clause from the first clauses of all sentences, its middle ones
   from the middle ones, its last from the last ones, drawn at random across
   the whole corpus.  Characters, bigrams and words keep their frequencies;
   the sentences are new.
 - Numbered articles (第十二条) and numbered headings are renumbered in
   order, as in a real document.
 - No generated paragraph equals a source paragraph or another generated
   one (checked by hash; a collision is drawn again).

Files are Markdown (a '# title', '## ' headings) under YEAR/FOLDER/, with the
source's folder names, sizes near the source's.  Deterministic for a seed.
Prints the bytes, files and paragraphs written, and the source documents
read (UTF-8 .md and .txt files; others are passed over).
"""
import argparse
import hashlib
import os
import random
import re
import sys

CLAUSE_END = re.compile(r'(?<=[，；：、])')
SENTENCE_END = re.compile(r'(?<=[。！？])')
ARTICLE = re.compile(r'^第[零一二三四五六七八九十百千]+条\s*')
HEADING = re.compile(r'^(#+\s*|第[零一二三四五六七八九十百千]+[编章节]\s*'
                     r'|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)')
DIGITS = '零一二三四五六七八九'


def chinese_number(n):
    """12 -> 十二, 105 -> 一百零五 (as articles are numbered)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return '十' + (DIGITS[n % 10] if n % 10 else '')
    if n < 100:
        return DIGITS[n // 10] + '十' + (DIGITS[n % 10] if n % 10 else '')
    if n < 1000:
        rest = n % 100
        tail = '' if rest == 0 else ('零' + DIGITS[rest] if rest < 10 else
                                     (DIGITS[rest // 10] + '十' +
                                      (DIGITS[rest % 10] if rest % 10 else '')))
        return DIGITS[n // 100] + '百' + tail
    return str(n)


def key(text):
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


class Pools:
    """Clauses by position, headings and titles, from the source."""

    def __init__(self):
        self.first, self.middle, self.last = [], [], []
        self.headings, self.titles = [], []
        self.seen = set()       # hashes of source and generated paragraphs

    def add_sentence(self, s):
        parts = [p for p in CLAUSE_END.split(s) if p]
        if len(parts) == 1:
            self.last.append(parts[0])
            return
        self.first.append(parts[0])
        self.middle.extend(parts[1:-1])
        self.last.append(parts[-1])


def read_docs(sources):
    """Each source document as (folder, title, [(kind, text)]) where kind is
    'h' heading, 'a' numbered article, 'p' paragraph."""
    docs = []
    for src in sources:
        for root, dirs, files in os.walk(src):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(('.md', '.txt')) or name.startswith(('_', 'README')):
                    continue
                path = os.path.join(root, name)
                try:
                    text = open(path, encoding='utf-8').read()
                except (UnicodeDecodeError, OSError):
                    continue
                folder = os.path.relpath(root, src).split(os.sep)[0]
                title = os.path.splitext(name)[0]
                lines = []
                for line in text.split('\n'):
                    line = line.strip()
                    if not line or line.startswith('<!--'):
                        continue
                    if line.startswith('# '):
                        title = line[2:].strip()
                    elif HEADING.match(line) and len(line) < 40:
                        lines.append(('h', line))
                    elif ARTICLE.match(line):
                        lines.append(('a', line))
                    else:
                        lines.append(('p', line))
                if lines:
                    docs.append((folder if folder != '.' else 'materials', title, lines))
    return docs


def fill_pools(docs):
    pools = Pools()
    for _, title, lines in docs:
        pools.titles.append(title)
        for kind, line in lines:
            pools.seen.add(key(line))
            pools.seen.add(key(ARTICLE.sub('', line)))  # as renumbered
            if kind == 'h':
                pools.headings.append(HEADING.sub('', line).strip('# ') or line)
                continue
            for s in SENTENCE_END.split(ARTICLE.sub('', line)):
                if s:
                    pools.add_sentence(s)
    return pools


def new_sentence(rng, pools, template):
    """A sentence of as many clauses as the template's, drawn by position."""
    n = len([p for p in CLAUSE_END.split(template) if p])
    if n <= 1 or not pools.first:
        return rng.choice(pools.last)
    mid = [rng.choice(pools.middle) for _ in range(n - 2)] if pools.middle else []
    return rng.choice(pools.first) + ''.join(mid) + rng.choice(pools.last)


def new_paragraph(rng, pools, template):
    body = ARTICLE.sub('', template)
    sentences = [s for s in SENTENCE_END.split(body) if s] or [body]
    for _ in range(20):
        text = ''.join(new_sentence(rng, pools, s) for s in sentences)
        k = key(text)
        if k not in pools.seen:
            pools.seen.add(k)
            return text
        sentences.append(sentences[-1])  # a collision: one sentence more
    return None


def new_title(rng, pools):
    a, b = rng.choice(pools.titles), rng.choice(pools.titles)
    cut_a, cut_b = max(2, len(a) // 2), max(2, len(b) // 2)
    return (a[:cut_a] + b[cut_b:]).replace('/', '／')


def write_doc(rng, pools, doc, path, counters):
    folder, _, lines = doc
    out = ['# ' + new_title(rng, pools), '']
    article = heading_no = 0
    for kind, line in lines:
        if kind == 'h':
            heading_no += 1
            text = rng.choice(pools.headings)
            if line.startswith('第') and ('章' in line[:6] or '编' in line[:6] or '节' in line[:6]):
                unit = next(c for c in line[:8] if c in '编章节')
                text = '第%s%s %s' % (chinese_number(heading_no), unit, text)
            out += ['## ' + text, '']
            continue
        text = new_paragraph(rng, pools, line)
        if text is None:
            continue
        if kind == 'a':
            article += 1
            text = '第%s条 %s' % (chinese_number(article), text)
        out += [text, '']
        counters['paragraphs'] += 1
    data = '\n'.join(out).encode()
    with open(path, 'wb') as f:
        f.write(data)
    counters['bytes'] += len(data)
    counters['files'] += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('sources', nargs='+')
    ap.add_argument('--scale', type=int, required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    docs = read_docs(a.sources)
    if not docs:
        sys.exit('gencorpus: no .md or .txt files under %s' % ' '.join(a.sources))
    pools = fill_pools(docs)
    counters = {'bytes': 0, 'files': 0, 'paragraphs': 0}
    years = list(range(2001, 2001 + max(1, a.scale)))
    for copy in range(a.scale):
        for i, doc in enumerate(docs):
            d = os.path.join(a.out, str(years[copy]), doc[0])
            os.makedirs(d, exist_ok=True)
            write_doc(rng, pools, doc, os.path.join(d, 'd%06d.md' % i), counters)
    print('gencorpus: %d bytes, %d files, %d paragraphs from %d source documents'
          % (counters['bytes'], counters['files'], counters['paragraphs'], len(docs)))


if __name__ == '__main__':
    main()
