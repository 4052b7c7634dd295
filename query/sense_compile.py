#!/usr/bin/env python3
"""sense_compile.py DICT VERSION OUT — the word list the sense test reads
(query/sense.c), made at build time from a frequency dictionary of lines
"word frequency [tag]" (python3-jieba's dict.txt): the words of Han
characters only, sorted by their UTF-8 bytes, each with its cost
(-ln of its share of all the counts, in 1/256ths).  Layout, little-endian:
  "MZSENSE3", u32 words, u32 cost of an unknown character, u32 offset of
  the string area, 44 bytes of version (NUL padded);
  u32 the first word beginning with each character U+3400..U+9FFF, and
  one more for U+A000 (a search starts in its character's range);
  u32 start of each word in the string area, and one more for the end;
  u16 cost of each word (padded to 4 bytes); the strings, back to back
  (padded to 4 bytes);
  the pairs: u32 the first pair of each character U+3400..U+9FFF, and one
  more for U+A000; then each two-character prefix of a word (its first
  character in that range), in word order, as u32 its second character
  and u32 its first word: a window's two-character look-up searches its
  first character's few pairs, side by side, instead of its words and
  their strings (sensedict.c).
"""
FIRST_LO, FIRST_HI = 0x3400, 0xA000
import math
import struct
import sys


def han(c):
    o = ord(c)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or
            0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F or o == 0x3007)


def pair_tables(words):
    """The second characters of each first character's words, in order:
    for each character U+3400..U+9FFF its first pair (and one more for
    U+A000), and each pair as (second character, its first word)."""
    pairs, per_first, last = [], [0] * (FIRST_HI - FIRST_LO + 1), None
    for i, w in enumerate(words):
        if len(w) < 2 or not FIRST_LO <= ord(w[0]) < FIRST_HI:
            continue
        key = (ord(w[0]), ord(w[1]))
        if key != last:
            pairs.append((ord(w[1]), i))
            per_first[ord(w[0]) - FIRST_LO + 1] += 1
            last = key
    for k in range(1, len(per_first)):
        per_first[k] += per_first[k - 1]
    return (struct.pack("<%dI" % len(per_first), *per_first) +
            b"".join(struct.pack("<II", c, i) for c, i in pairs))


def main(src, version, out):
    freq = {}
    total = 0
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2:
                continue
            f = int(parts[1])
            total += f
            if f > 0 and all(han(c) for c in parts[0]):
                freq[parts[0]] = freq.get(parts[0], 0) + f
    lt = math.log(total)
    words = sorted(freq, key=lambda w: w.encode("utf-8"))

    def cost(f):
        return min(65535, int(round((lt - math.log(f)) * 256)))

    strings = b"".join(w.encode("utf-8") for w in words)
    offs, at = [], 0
    for w in words:
        offs.append(at)
        at += len(w.encode("utf-8"))
    offs.append(at)
    costs = struct.pack("<%dH" % len(words), *(cost(freq[w]) for w in words))
    costs += b"\0" * (-len(costs) % 4)
    first, i = [], 0
    for cp in range(FIRST_LO, FIRST_HI + 1):
        while i < len(words) and ord(words[i][0]) < cp:
            i += 1
        first.append(i)
    head = 64
    str_off = head + 4 * len(first) + 4 * len(offs) + len(costs)
    v = version.encode("utf-8")[:43]
    strings += b"\0" * (-(str_off + len(strings)) % 4)
    blob = (b"MZSENSE3" + struct.pack("<III", len(words), cost(1), str_off) +
            v + b"\0" * (44 - len(v)) +
            struct.pack("<%dI" % len(first), *first) +
            struct.pack("<%dI" % len(offs), *offs) + costs + strings +
            pair_tables(words))
    with open(out, "wb") as fh:
        fh.write(blob)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: sense_compile.py DICT VERSION OUT")
    main(*sys.argv[1:])
