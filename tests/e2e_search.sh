#!/bin/sh
# e2e_search.sh — mzindex + mzsearch on tests/fixtures/, checked the way a
# user would check them: results equal to grep, the text format, JSON,
# advertising lines, encodings, query syntax, colour, exit codes, errors.
#
#   MZ_BUILD=/abs/build sh tests/e2e_search.sh
#
# Prints one line per check, "ok NAME" or "not ok NAME: why"; never stops at
# a failed check and exits 0 (the runner counts the lines).
#
# The contract is docs/cli-contract.md.  Where it is silent the checks assert
# what a careful ripgrep user would expect (marked "beyond the contract").
# The README adds a thesaurus: a topic word (好人主义) also lists, after every
# literal match, passages found through other forms (via "thesaurus"/
# "heading", marked ≈).  So "exactly the passages that contain it" is
# checked twice: the literal results (via "text") of the default query, and
# everything --exact returns.

here=$(cd "$(dirname "$0")" && pwd)
B=${MZ_BUILD:-$here/../build}
M="$B/mzindex"
S="$B/mzsearch"
export LC_ALL=C.UTF-8
unset NO_COLOR MZSEARCH_INDEX CLICOLOR_FORCE
export TERM=xterm
tmp=$(mktemp -d) || { echo "not ok e2e-search-tmpdir: mktemp -d failed"; exit 0; }
tmp=$(cd "$tmp" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 0' INT TERM HUP
export XDG_DATA_HOME="$tmp/xdg"          # never touch the user's own index
ESC=$(printf '\033')
. "$here/on_tty.sh"

ok() { echo "ok $1"; }
no() { # the why on one line, without control characters, at most ~600 bytes
    echo "not ok $1: $(printf '%s' "$2" | tr '\n\t' '  ' | tr -d '\000-\037\177' | cut -c1-600)"; }
check() { # NAME WHY COMMAND...: ok when COMMAND succeeds
    _n=$1 _w=$2; shift 2
    if "$@" >/dev/null 2>&1; then ok "$_n"; else no "$_n" "$_w"; fi
}
# run COMMAND...: stdout in $tmp/out, stderr in $tmp/err, status in $rc;
# every stdout is also kept in $tmp/all (advertising must never be in it).
run() {
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    cat "$tmp/out" >>"$tmp/all"
    return 0
}
out() { cat "$tmp/out"; }
err() { cat "$tmp/err"; }
: >"$tmp/all"

for p in "$M" "$S"; do
    if [ ! -x "$p" ]; then
        echo "not ok e2e-search-programs: $p is not built (MZ_BUILD=$B)"
        exit 0
    fi
done

# The fixtures are copied so that the index can be given a RELATIVE path
# (results must show it made absolute) and so later checks may change files.
cp -R "$here/fixtures" "$tmp/fx"
rm -rf "$tmp/fx/rank"   # e2e_rank.sh's own
D="$tmp/fx"
I="$tmp/idx"
BZ="$D/班子对照检查材料.txt"
MD="$D/发言提纲.md"
GB="$D/巡视整改报告-gb18030.txt"
BOM="$D/学习心得-bom.txt"
TRAP="$D/陷阱-拆字.txt"
CTL="$D/控制字符.txt"

s() { "$S" --index "$I" "$@"; }
sn() { "$S" --index "$I" --color=never "$@"; }
# tn: as sn, with standard output on a terminal (snippets, 【】, the closing
# line); its status is the program's
tn() { on_tty "$S" --index "$I" --color=never "$@"; }

# grep_set STRING...: "path:line" of the lines holding every STRING, over
# all text fixtures decoded to UTF-8 (the GB18030 one through iconv).
decoded() {
    if iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then cat "$1"
    else iconv -f GB18030 -t UTF-8 "$1"; fi
}
also_has() { # keep the lines holding every word given
    if [ $# = 0 ]; then cat; else _w=$1; shift; grep -F -- "$_w" | also_has "$@"; fi
}
grep_set() {
    for f in "$D"/*.txt "$D"/*.md; do
        decoded "$f" | grep -n -F -- "$1" | { shift; also_has "$@"; } |
            cut -d: -f1 | sed "s|^|$f:|"
    done | sort -u
}
# json_set: "path:line" of the results in $tmp/out read as --json; with
# "text" only those found by the words as typed.
json_set() {
    case $1 in
    text) jq -r '.results[] | select((.via // "text") == "text" and .literal != false)
                 | "\(.path):\(.line_start)"' "$tmp/out" ;;
    *)    jq -r '.results[] | "\(.path):\(.line_start)"' "$tmp/out" ;;
    esac 2>/dev/null | sort -u
}
# same NAME WANT GOT: the two sets are equal and not empty
same() { # (an empty WANT is a broken fixture or grep, never a pass)
    if [ -n "$2" ] && [ "$2" = "$3" ]; then ok "$1"
    else no "$1" "want [$(printf '%s' "$2" | tr '\n' ' ')] got [$(printf '%s' "$3" | tr '\n' ' ')]"; fi
}

# ---- indexing --------------------------------------------------------------
cd "$tmp" || exit 0
run "$M" --index idx fx
case $rc in 0|1) ok index-fixtures ;; *) no index-fixtures "rc=$rc $(err)" ;; esac
check index-summary-line "$(err)" grep -Eq \
    '^mzindex: [0-9]+ added, [0-9]+ updated, [0-9]+ removed, [0-9]+ unchanged, [0-9]+ skipped; [0-9]+ passages? written to .+ in [0-9.]+ s$' "$tmp/err"
check index-six-added "$(err)" grep -q '^mzindex: 6 added, 0 updated, 0 removed, 0 unchanged' "$tmp/err"
mkdir -p one && printf '一行就是一段。\n' > one/a.txt
run "$M" --index idx-one one
check index-one-passage-singular "$(err)" grep -q '; 1 passage written to ' "$tmp/err"
# notes.pdf is a .pdf, which the contract lists as indexed: a broken one is
# skipped with a reason (status 1); other extensions (.png) are silently
# ignored by walking.  Status 1 exactly when something was skipped.
nsk=$(grep -c '^mzindex: skipped ' "$tmp/err")
if { [ "$rc" = 1 ] && [ "$nsk" -gt 0 ]; } || { [ "$rc" = 0 ] && [ "$nsk" = 0 ]; }; then
    ok index-status-matches-skips
else no index-status-matches-skips "rc=$rc with $nsk skipped lines: $(err)"; fi
if grep '^mzindex: skipped ' "$tmp/err" | grep -qv "^mzindex: skipped $D/notes.pdf: ."; then
    no index-only-pdf-skipped "$(err)"
else ok index-only-pdf-skipped; fi
check index-png-not-mentioned "$(err)" sh -c "! grep -q 扫描件 '$tmp/err'"
cd "$here" || exit 0

# ---- 好人主义: exactly the passages that contain it --------------------------
want=$(grep_set 好人主义)
check fixture-trap-has-bigrams "trap fixture changed" grep -q '好人。人主动。主义多' "$TRAP"
check fixture-gb18030-not-utf8 "the GB18030 fixture is valid UTF-8" \
    sh -c "! iconv -f UTF-8 -t UTF-8 '$GB' >/dev/null 2>&1"
run s --json -n 1000 好人主义
check query-status-0 "rc=$rc" [ "$rc" = 0 ]
same grep-equal-好人主义 "$want" "$(json_set text)"
check trap-not-matched "$(json_set all)" sh -c "! jq -r '.results[].path' '$tmp/out' | grep -q 陷阱"
# literal matches are listed before anything the thesaurus adds
check literal-before-thesaurus "$(jq -c '[.results[].via]' "$tmp/out")" sh -c \
    "jq -e '[.results[] | ((.via // \"text\") == \"text\")] as \$a | (\$a | index(false)) as \$f
            | \$f == null or ([\$a[\$f:][] | select(.)] | length) == 0' '$tmp/out'"
run s --json -n 1000 --exact 好人主义
same exact-grep-equal-好人主义 "$want" "$(json_set all)"
nwant=$(printf '%s\n' "$want" | grep -c .)
run s --count --exact 好人主义
check exact-count-equals-grep "count $(out), grep $nwant" [ "$(out)" = "$nwant" ]
run s --count 好人主义; c=$(out)
run s --json -n 1000 好人主义
check count-equals-json-total "--count $c, total $(jq .total "$tmp/out"), results $(jq '.results|length' "$tmp/out")" \
    sh -c "[ '$c' = \"\$(jq .total '$tmp/out')\" ] && [ '$c' = \"\$(jq '.results|length' '$tmp/out')\" ]"

# other words, each compared with grep (the literal results)
for q in 圈子文化 意识形态 形式主义 风 xjp 三会一课 第一议题; do
    want=$(grep_set "$q")
    run s --json -n 1000 "$q"
    same "grep-equal-$q" "$want" "$(json_set text)"
done

# ---- the text output (on a terminal) --------------------------------------------
run tn -n 1000 --exact 好人主义
cp "$tmp/out" "$tmp/text"
python3 - "$tmp/text" 好人主义 >"$tmp/py" 2>&1 <<'EOF'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
q = sys.argv[2]
if lines and lines[-1] == "": lines.pop()
bad = []
closing = lines.pop() if lines else ""
m = re.fullmatch(r"(\d+) results? \(showing 1–(\d+)\)", closing)
blocks, cur = [], []
for l in lines:
    if l == "":
        blocks.append(cur); cur = []
    else:
        cur.append(l)
if cur: blocks.append(cur)
for b in blocks:
    if len(b) < 2: bad.append("short block %r" % b); continue
    if not re.fullmatch(r"/[^:]+:\d+(:\d+)?(: \S.*)?", b[0]): bad.append("header %r" % b[0])
    if not re.fullmatch(r"  \S.*", b[1]): bad.append("snippet not indented by two spaces %r" % b[1])
    if "【%s】" % q not in b[1]: bad.append("no 【%s】 in %r" % (q, b[1]))
if not m: bad.append("closing line %r" % closing)
elif not (int(m.group(1)) == int(m.group(2)) == len(blocks)):
    bad.append("closing %r but %d results" % (closing, len(blocks)))
print("; ".join(bad) if bad else "OK")
EOF
check text-format "$(cat "$tmp/py")" grep -qx OK "$tmp/py"
check text-header-section "$(grep -F "$BZ:9" "$tmp/text")" \
    grep -qxF "$BZ:9: 一、存在的突出问题 › （二）批评和自我批评方面" "$tmp/text"
check text-snippet-under-header "$(cat "$tmp/text")" sh -c \
    "grep -A1 -xF '$BZ:9: 一、存在的突出问题 › （二）批评和自我批评方面' '$tmp/text' | tail -n 1 | grep -q '^  .*存在【好人主义】，对同志'"
check text-paths-absolute "$(head -n 1 "$tmp/text")" grep -q "^$D/" "$tmp/text"
check text-no-ansi-never "ESC under --color=never" sh -c "! grep -q '$ESC' '$tmp/text'"
run tn --exact 销号管理
check text-closing-singular "$(out | tail -n 1)" sh -c "out() { cat '$tmp/out'; }; out | tail -n 1 | grep -Eqx '1 result( \\(showing 1–1\\))?'"
run tn 量子纠缠
check text-closing-none "rc=$rc, stdout [$(out)]; the contract's closing line \"N results\" (A–B omitted) should read \"0 results\"" sh -c "[ $rc = 1 ] && tail -n 1 '$tmp/out' | grep -Eqx '0 results'"
# the thesaurus results (README) say how they were found: "≈ FORMS"
run sn -n 1000 好人主义
check text-thesaurus-marked "$(grep -F "$BOM" "$tmp/out")" grep -q "^$BOM:3: .*≈ .*一团和气" "$tmp/out"

# ---- JSON ------------------------------------------------------------------------
run s --json -n 1000 --exact 好人主义
check json-parses "$(head -c 300 "$tmp/out")" jq -e . "$tmp/out"
check json-version-query "$(jq -c '{version,query,total}' "$tmp/out" 2>&1)" \
    jq -e '.version == 1 and .query == "好人主义" and (.total | type) == "number" and (.elapsed_ms | type) == "number"' "$tmp/out"
check json-result-fields "$(jq -c '.results[0] | keys' "$tmp/out" 2>&1)" jq -e '
    (.results | length) > 0 and all(.results[];
      (.rank | type) == "number" and (.score | type) == "number" and
      (.path | type) == "string" and (.path | startswith("/")) and
      (.section | type) == "array" and all(.section[]; type == "string") and
      (.line_start | type) == "number" and .line_end >= .line_start and
      (.byte_start | type) == "number" and .byte_end > .byte_start and
      (.snippet | type) == "string" and (.text | type) == "string" and
      (.highlights | type) == "array" and (.highlights | length) > 0 and
      has("title"))' "$tmp/out"
check json-ranks "$(jq -c '[.results[].rank]' "$tmp/out" 2>&1)" \
    jq -e '[.results[].rank] == [range(1; (.results | length) + 1)]' "$tmp/out"
check json-section "$(jq -c --arg p "$BZ" '.results[] | select(.path == $p and .line_start == 9) | .section' "$tmp/out" 2>&1)" \
    jq -e --arg p "$BZ" '[.results[] | select(.path == $p and .line_start == 9) | .section]
        == [["一、存在的突出问题", "（二）批评和自我批评方面"]]' "$tmp/out"
check json-text-whole-passage "$(jq -r --arg p "$BZ" '.results[] | select(.path == $p and .line_start == 9) | .text' "$tmp/out" 2>&1)" \
    jq -e --arg p "$BZ" --arg t "$(sed -n 9p "$BZ")" \
        '[.results[] | select(.path == $p and .line_start == 9) | .text] == [$t]' "$tmp/out"
# highlights are code-point offsets into the snippet, end exclusive;
# byte ranges point into the file (UTF-8 files without BOM) at the text
cat >"$tmp/hl.py" <<'EOF'
import json, sys, unicodedata
def norm(s): return unicodedata.normalize("NFKC", s).casefold()
d = json.load(open(sys.argv[1], encoding="utf-8"))
q = sys.argv[2]; mode = sys.argv[3] if len(sys.argv) > 3 else "strict"
bad = []
for r in d["results"]:
    sn = r["snippet"]; hs = r["highlights"]
    if not hs: bad.append("%s:%s no highlight" % (r["path"], r["line_start"]))
    forms = {norm(q)} | {norm(m) for m in r.get("matched", [])}
    for h in hs:
        part = sn[h["start"]:h["end"]]
        ok = norm(part) == norm(q) if mode == "strict" else norm(part) in forms
        if not ok: bad.append("%s:%s highlight %r" % (r["path"], r["line_start"], part))
    if mode == "strict" and norm(q) not in norm(sn):
        bad.append("snippet lacks the query: %r" % sn)
print("; ".join(bad) if bad else "OK")
EOF
python3 "$tmp/hl.py" "$tmp/out" 好人主义 >"$tmp/py" 2>&1
check json-highlights-exact "$(cat "$tmp/py")" grep -qx OK "$tmp/py"
run s --json -n 1000 好人主义
python3 "$tmp/hl.py" "$tmp/out" 好人主义 forms >"$tmp/py" 2>&1
check json-highlights-with-thesaurus "$(cat "$tmp/py")" grep -qx OK "$tmp/py"
run s --json -n 1000 --exact app
python3 "$tmp/hl.py" "$tmp/out" app >"$tmp/py" 2>&1
check json-highlights-fullwidth "$(cat "$tmp/py")" grep -qx OK "$tmp/py"

# ---- long paragraphs are cut into passages of the same line ------------------
python3 - "$BZ" >"$tmp/py" 2>&1 <<'EOF'
import sys
print(len(open(sys.argv[1], encoding="utf-8").read().split("\n")[14]))
EOF
check fixture-long-line "line 15 has $(cat "$tmp/py") characters" [ "$(cat "$tmp/py")" -gt 450 ]
run s --json --exact 一是; a=$(jq -c --arg p "$BZ" '[.results[] | select(.path == $p) | [.line_start, .byte_start, .byte_end]]' "$tmp/out" 2>&1)
run s --json --exact 三是; b=$(jq -c --arg p "$BZ" '[.results[] | select(.path == $p) | [.line_start, .byte_start, .byte_end]]' "$tmp/out" 2>&1)
check long-line-pieces "一是 $a, 三是 $b" python3 -c "
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert len(a) == 1 and len(b) == 1 and a[0][0] == 15 and b[0][0] == 15
assert a[0][1:] != b[0][1:] and (a[0][2] <= b[0][1] or b[0][2] <= a[0][1])" "$a" "$b"
run s --json -n 1000 --exact 好人主义
python3 - "$tmp/out" "$BZ" >"$tmp/py" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
raw = open(sys.argv[2], "rb").read()
lines = raw.split(b"\n")
start15 = sum(len(l) + 1 for l in lines[:14]); end15 = start15 + len(lines[14])
bad = []
rs = [r for r in d["results"] if r["path"] == sys.argv[2] and r["line_start"] == 15]
if len(rs) != 1: bad.append("%d results at line 15" % len(rs))
for r in rs:
    t = r["text"]
    if len(t) >= len(lines[14].decode()): bad.append("passage not cut (%d chars)" % len(t))
    if not (start15 <= r["byte_start"] < r["byte_end"] <= end15):
        bad.append("bytes %d-%d outside line 15 (%d-%d)" % (r["byte_start"], r["byte_end"], start15, end15))
    if t not in raw[r["byte_start"]:r["byte_end"]].decode("utf-8", "replace"):
        bad.append("text is not at its byte range")
    if not t.startswith("二是"): bad.append("piece does not start at 二是: %r" % t[:10])
    if len(r["snippet"]) > 200: bad.append("snippet of %d chars" % len(r["snippet"]))
for r in d["results"]:
    if r["path"] == sys.argv[2] and r["line_start"] != 15:
        seg = raw[r["byte_start"]:r["byte_end"]].decode("utf-8", "replace")
        if r["text"] not in seg: bad.append("line %d: text not at bytes" % r["line_start"])
print("; ".join(bad) if bad else "OK")
EOF
check long-line-piece-bytes "$(cat "$tmp/py")" grep -qx OK "$tmp/py"
# a later piece of a cut line shows where it starts, PATH:LINE:COLUMN (a byte
# column, as rg --column and editors take it); the first piece, PATH:LINE
run sn --exact 中央八项规定; first=$(grep -F "$BZ:15" "$tmp/out")
check long-line-first-piece-no-column "$first" \
    sh -c 'printf "%s\n" "$1" | grep -q "^$2:15: " && ! printf "%s\n" "$1" | grep -q "^$2:15:[0-9]"' _ "$first" "$BZ"
run sn --exact 三是调查研究; later=$(grep -F "$BZ:15" "$tmp/out")
run s --json --exact 三是调查研究
python3 - "$tmp/out" "$BZ" "$later" >"$tmp/py" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
raw = open(sys.argv[2], "rb").read()
start15 = sum(len(l) + 1 for l in raw.split(b"\n")[:14])
rs = [r for r in d["results"] if r["path"] == sys.argv[2] and r["line_start"] == 15]
if len(rs) != 1:
    print("%d results at line 15" % len(rs)); sys.exit()
r = rs[0]; want = r["byte_start"] - start15 + 1
bad = []
if r["column"] != want: bad.append("json column %r, want %d" % (r["column"], want))
if not raw[start15 + want - 1:].startswith("三是".encode()): bad.append("column %d is not where 三是 starts" % want)
if not sys.argv[3].startswith("%s:15:%d: " % (sys.argv[2], want)): bad.append("text shows %r" % sys.argv[3][-60:])
print("; ".join(bad) if bad else "OK")
EOF
check long-line-later-piece-column "$(cat "$tmp/py")" grep -qx OK "$tmp/py"
run s --json --exact 中央八项规定
check json-column-null-first-piece "$(jq -c '[.results[] | .column]' "$tmp/out" 2>&1)" \
    jq -e '[.results[] | .column] | length > 0 and all(. == null)' "$tmp/out"
# every passage's byte range, into the file decoded to UTF-8 without BOM,
# holds its text and lies on its line (GB18030 and BOM files included)
run s --json -n 1000 --exact 的 OR 心得 OR 信念 OR 管理
python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = []; files = set()
for r in d["results"]:
    raw = open(r["path"], "rb").read()
    try: txt = raw.decode("utf-8")
    except UnicodeDecodeError: txt = raw.decode("gb18030")
    b = txt.lstrip("\ufeff").encode("utf-8"); files.add(r["path"])
    seg = b[r["byte_start"]:r["byte_end"]].decode("utf-8", "replace")
    line = b.count(b"\n", 0, r["byte_start"]) + 1
    if r["text"] not in seg or "\n" in seg.rstrip("\r\n") or line != r["line_start"]:
        bad.append("%s:%d bytes %d-%d hold %r" % (r["path"].rsplit("/", 1)[-1], r["line_start"],
                   r["byte_start"], r["byte_end"], seg[:20]))
if len(files) < 5: bad.append("only %d files" % len(files))
print("; ".join(bad) if bad else "OK")
EOF
check byte-ranges "$(cat "$tmp/py")" grep -qx OK "$tmp/py"
# beyond the contract's letter: a long passage's snippet is cut and says so
run s --json --exact 三是
check snippet-cut-marked "$(jq -r '.results[0] | "\(.text|length) chars, snippet \(.snippet)"' "$tmp/out" 2>&1)" \
    jq -e '.results[0] | (.text | length) <= 160 or ((.snippet | length) < (.text | length) and (.snippet | contains("…")))' "$tmp/out"

# ---- --jsonl -------------------------------------------------------------------------
run s --jsonl 好人主义
n=$(grep -c . "$tmp/out")
bad=$(while IFS= read -r l; do printf '%s\n' "$l" | jq -e '.query == "好人主义" and (.path | type) == "string" and (.line_start | type) == "number"' >/dev/null 2>&1 || echo "$l"; done <"$tmp/out")
if [ "$n" -gt 0 ] && [ -z "$bad" ]; then
    ok jsonl-lines-parse; else no jsonl-lines-parse "${bad:-no lines}"; fi
run s --json 好人主义; nj=$(jq '.results | length' "$tmp/out")
check jsonl-same-results "jsonl $n lines, json $nj results" [ "$n" = "$nj" ]

# ---- advertising lines --------------------------------------------------------------
for q in QQ 123456 禁止外传 仅供学习 免费 'QQ群'; do
    run sn -n 1000 "$q"
    check "ad-not-found-$q" "rc=$rc: $(out)" [ "$rc" = 1 ]
done
run sn -n 1000 --exact 的   # most passages
run s --json -n 1000 --exact 的
check ad-not-in-passages "$(jq -r '.results[].text' "$tmp/out" | grep -e QQ -e 禁止外传 -e 仅供学习)" \
    sh -c "! jq -r '.results[].text' '$tmp/out' | grep -q -e QQ -e 禁止外传 -e 仅供学习"

# ---- single characters, headings ----------------------------------------------------------
run sn --marks 风
check single-char-status "rc=$rc" [ "$rc" = 0 ]
check single-char-highlight "$(out | head -n 2)" grep -q '【风】' "$tmp/out"
run s --json 根源剖析
check heading-found-at-its-line "$(jq -c '[.results[] | [.path, .line_start]]' "$tmp/out" 2>&1)" \
    jq -e --arg p "$BZ" '.results[0].path == $p and .results[0].line_start == 16' "$tmp/out"
run s --json 担当作为
check md-bold-heading-line "$(jq -c '[.results[] | [.path, .line_start]]' "$tmp/out" 2>&1)" \
    jq -e --arg p "$MD" '.results[0].path == $p and .results[0].line_start == 5' "$tmp/out"
run s --json 整改方向
check md-heading-line "$(jq -c '[.results[] | [.path, .line_start]]' "$tmp/out" 2>&1)" \
    jq -e --arg p "$MD" '.results[0].path == $p and .results[0].line_start == 7' "$tmp/out"
run s --json --exact 好人主义
# beyond the contract: Markdown markup (#, **) is not part of a section name
check md-section-path "$(jq -c --arg p "$MD" '.results[] | select(.path == $p) | .section' "$tmp/out" 2>&1)" \
    jq -e --arg p "$MD" '[.results[] | select(.path == $p and .line_start == 6) | .section[-2:]]
        == [["一、对照检查的主要问题", "（二）担当作为方面"]]' "$tmp/out"
check md-title "$(jq -c --arg p "$MD" '.results[] | select(.path == $p) | .title' "$tmp/out" 2>&1)" \
    jq -e --arg p "$MD" '[.results[] | select(.path == $p) | .title] == ["个人发言提纲"]' "$tmp/out"
check txt-title "$(jq -c --arg p "$BZ" '[.results[] | select(.path == $p) | .title]' "$tmp/out" 2>&1)" \
    jq -e --arg p "$BZ" '[.results[] | select(.path == $p) | .title] | length > 0 and all(. == "某某局领导班子专题民主生活会对照检查材料")' "$tmp/out"

# ---- encodings -------------------------------------------------------------------
run s --json 挂图作战
check gb18030-searchable "rc=$rc $(jq -c '[.results[] | [.path, .line_start, .snippet]]' "$tmp/out" 2>&1)" \
    jq -e --arg p "$GB" '[.results[] | [.path, .line_start]] == [[$p, 3]] and (.results[0].snippet | contains("挂图作战"))' "$tmp/out"
run sn --files 挂图作战
check gb18030-path-reported "$(out)" [ "$(out)" = "$GB" ]
run s --json 信仰之基
check bom-first-line "$(jq -c '[.results[] | [.path, .line_start, .byte_start]]' "$tmp/out" 2>&1)" \
    jq -e --arg p "$BOM" '[.results[] | [.path, .line_start, .byte_start]] == [[$p, 1, 0]]' "$tmp/out"
check bom-not-in-text "BOM in text/snippet" sh -c "! jq -r '.results[] | .text, .snippet' '$tmp/out' | grep -q \"\$(printf '\\357\\273\\277')\""

# ---- full width, case, query syntax ------------------------------------------------------
for q in app APP ＡＰＰ App; do
    run s --json "$q"
    check "fullwidth-$q" "rc=$rc $(jq -c '[.results[] | [.path, .line_start]]' "$tmp/out" 2>&1)" \
        jq -e --arg p "$BZ" '[.results[] | [.path, .line_start]] == [[$p, 7]]' "$tmp/out"
done
run s --json 好人主义 圈子文化
same and-two-words "$(grep_set 好人主义 圈子文化)" "$(json_set text)"
run s --json -n 1000 --exact 好人主义 圈子文化
same and-two-words-exact "$(grep_set 好人主义 圈子文化)" "$(json_set all)"
run s --json -n 1000 --exact '好人主义 圈子文化'
same and-one-argument "$(grep_set 好人主义 圈子文化)" "$(json_set all)"
run s --json -n 1000 --exact 圈子文化 OR 挂图作战
same or-two-words "$( { grep_set 圈子文化; grep_set 挂图作战; } | sort -u)" "$(json_set all)"
run s --json -n 1000 --exact 好人主义 -圈子文化
same not-word "$(grep_set 好人主义 | grep -vxF "$(grep_set 圈子文化)")" "$(json_set all)"
run s --json -n 1000 好人主义 -圈子文化
check not-word-never-shown "$(jq -r '.results[].text' "$tmp/out" | grep 圈子文化)" \
    sh -c "! jq -r '.results[].text' '$tmp/out' | grep -q 圈子文化"
run s --json -n 1000 '"smart party"'
same phrase "$MD:4" "$(json_set all)"
run s --json -n 1000 '"party smart"'
check phrase-order "rc=$rc $(json_set all)" [ "$rc" = 1 ]
run s --json -n 1000 party smart
same words-any-order "$MD:4" "$(json_set all)"
run s --json -n 1000 '"三会一课"'
same phrase-chinese "$(grep_set 三会一课)" "$(json_set all)"
run s --json -n 1000 主义好人
check no-reordered-string "rc=$rc $(json_set all)" [ "$rc" = 1 ]
run s 好人主义 -n 1 --json
check options-after-query "rc=$rc $(jq -c '[.results[] | .line_start]' "$tmp/out" 2>&1)" \
    jq -e '(.results | length) == 1 and .query == "好人主义"' "$tmp/out"
run s --json -n 1000 xjp
check abbreviation-xjp "rc=$rc $(json_set all)" \
    jq -e --arg p "$BZ" 'any(.results[]; .path == $p and .line_start == 19)' "$tmp/out"

# ---- --files, -n, --offset ---------------------------------------------------------
run sn --files --exact 好人主义
check files-once "$(out)" sh -c "[ -z \"\$(sort '$tmp/out' | uniq -d)\" ] && [ -s '$tmp/out' ]"
same files-equal-grep "$(grep_set 好人主义 | sed 's/:[0-9]*$//' | sort -u)" "$(sort -u "$tmp/out")"
run tn -n 1 --exact 好人主义
check n1-one-result "$(out)" sh -c "[ \"\$(grep -c '^/' '$tmp/out')\" = 1 ] && tail -n 1 '$tmp/out' | grep -Eqx '[0-9]+ results \\(showing 1–1\\)'"
run s --json -n 1 --exact 好人主义
check n1-json "$(jq '.results|length' "$tmp/out" 2>&1)" jq -e '(.results | length) == 1 and .total > 1' "$tmp/out"
run s --json -n 1000 --exact 好人主义
jq -c '[.results[] | [.path, .line_start, .byte_start]]' "$tmp/out" >"$tmp/all.json"
run s --json -n 1 --offset 1 --exact 好人主义
check offset-skips "$(jq -c '[.results[] | [.path, .line_start, .byte_start, .rank]]' "$tmp/out" 2>&1)" \
    jq -e --slurpfile all "$tmp/all.json" '[.results[] | [.path, .line_start, .byte_start]] == [$all[0][1]]' "$tmp/out"
run tn -n 1000 --offset 2 --exact 好人主义
n=$(jq 'length' "$tmp/all.json")
check offset-closing-line "$(out | tail -n 1)" sh -c "tail -n 1 '$tmp/out' | grep -qx '$n results (showing 3–$n)'"
run s --json -n 1000 --offset 1000 --exact 好人主义
check offset-past-end "rc=$rc $(head -c 200 "$tmp/out")" jq -e '(.results | length) == 0' "$tmp/out"
run tn --offset 1000 --exact 好人主义
check offset-past-end-text "$(out)" sh -c "tail -n 1 '$tmp/out' | grep -Eqx '$n results( \\(none on this page\\))?'"

run s --json --limit 1 --exact 好人主义
check limit-long-option "$(jq '.results|length' "$tmp/out" 2>&1)" jq -e '(.results | length) == 1' "$tmp/out"
# README: --count --json and --files --json
run s --count --json --exact 好人主义
check count-json "$(out)" jq -e --argjson n "$nwant" '.version == 1 and .count == $n' "$tmp/out"
run s --files --json --exact 好人主义
check files-json "$(out | tr -d '\n\t' | cut -c1-200)" jq -e --argjson f "$(grep_set 好人主义 | sed 's/:[0-9]*$//' | sort -u | jq -R . | jq -s .)" \
    '.version == 1 and .query == "好人主义" and (.files | sort) == $f' "$tmp/out"

# ---- exit codes and errors ------------------------------------------------------------------
run sn 好人主义
check exit-0-results "rc=$rc" [ "$rc" = 0 ]
check success-quiet-stderr "stderr [$(err)]" [ ! -s "$tmp/err" ]
run sn 量子纠缠
check exit-1-none "rc=$rc" [ "$rc" = 1 ]
run s --json 量子纠缠
check exit-1-none-json "rc=$rc $(head -c 200 "$tmp/out")" sh -c "[ $rc = 1 ] && jq -e '.total == 0 and .results == []' '$tmp/out'"
err_check() { # NAME CODE SUBSTRING ARGS...: status 2, one stderr line, JSON error CODE
    _n=$1 _c=$2 _s=$3; shift 3
    run "$S" "$@"
    if [ "$rc" = 2 ] && [ "$(grep -c . "$tmp/err")" = 1 ] && grep -q '^mzsearch: ' "$tmp/err" &&
       grep -qF -- "$_s" "$tmp/err" && [ ! -s "$tmp/out" ]; then ok "$_n"
    else no "$_n" "rc=$rc stdout [$(out)] stderr [$(err)]"; fi
    run "$S" --json "$@"
    if [ "$rc" = 2 ] && jq -e --arg c "$_c" '.version == 1 and .error.code == $c and (.error.message | length) > 0' "$tmp/out" >/dev/null 2>&1
    then ok "$_n-json"; else no "$_n-json" "rc=$rc stdout [$(out)]"; fi
}
err_check no-index no_index "$tmp/no-such-index" --index "$tmp/no-such-index" 好人主义
check no-index-says-mzindex "$(err)" grep -q 'mzindex' "$tmp/err"
err_check empty-query empty_query "mzsearch: " --index "$I" ''
err_check no-query empty_query "mzsearch: " --index "$I"
err_check punctuation-query nothing_searchable "mzsearch: " --index "$I" '，。！？……'
err_check unknown-option bad_option "--bogus" --index "$I" --bogus 好人主义
err_check bad-limit bad_option "mzsearch: " --index "$I" -n abc 好人主义
run "$S" --index "$tmp/no-such-index" --jsonl 好人主义
check no-index-jsonl "rc=$rc $(out)" sh -c "[ $rc = 2 ] && jq -e '.error.code == \"no_index\"' '$tmp/out'"
# the index from the environment (contract: --index, else $MZSEARCH_INDEX)
run env MZSEARCH_INDEX="$I" "$S" --count --exact 好人主义
check env-index "rc=$rc $(out) $(err)" [ "$(out)" = "$nwant" ]

# ---- colour -----------------------------------------------------------------------------
run s --color=always --exact 好人主义
check color-always "$(head -n 2 "$tmp/out" | od -c | head -n 3)" grep -q "${ESC}\[[0-9;]*m好人主义${ESC}\[" "$tmp/out"
check color-always-no-brackets "$(grep -m1 '【' "$tmp/out")" sh -c "! grep -q '【好人主义】' '$tmp/out'"
run s --color=never --exact 好人主义
check color-never "$(grep -c "$ESC" "$tmp/out") lines with ESC" [ "$(grep -c "$ESC" "$tmp/out")" = 0 ]
run s --exact 好人主义
check color-auto-pipe "$(grep -c "$ESC" "$tmp/out") lines with ESC" [ "$(grep -c "$ESC" "$tmp/out")" = 0 ]
# on a terminal: colour unless NO_COLOR is set or TERM is dumb
tty_run() { on_tty "$@" >"$tmp/out" 2>/dev/null; cat "$tmp/out" >>"$tmp/all"; }
tty_run env TERM=xterm "$S" --index "$I" --exact 好人主义
check color-auto-tty "no colour on a terminal: $(head -n 2 "$tmp/out")" grep -q "${ESC}\[[0-9;]*m好人主义" "$tmp/out"
tty_run env TERM=xterm NO_COLOR=1 "$S" --index "$I" --exact 好人主义
check no-color-env "$(grep -c "$ESC" "$tmp/out") lines with ESC" sh -c "[ -s '$tmp/out' ] && ! grep -q '$ESC' '$tmp/out'"
tty_run env TERM=dumb "$S" --index "$I" --exact 好人主义
check term-dumb "$(grep -c "$ESC" "$tmp/out") lines with ESC" sh -c "[ -s '$tmp/out' ] && ! grep -q '$ESC' '$tmp/out'"
run env NO_COLOR=1 "$S" --index "$I" --color=always --exact 好人主义
check color-always-beats-no-color "an explicit --color=always is not overridden" grep -q "$ESC" "$tmp/out"
# a control character in a document is never printed raw
run sn 销号管理
check control-char-found "rc=$rc $(out)" sh -c "[ $rc = 0 ] && grep -q '^$CTL:1' '$tmp/out'"
check control-char-not-raw "$(grep -c "$ESC" "$tmp/out") lines with ESC" [ "$(grep -c "$ESC" "$tmp/out")" = 0 ]
for mode in --json --jsonl --files --count; do
    run s --color=never "$mode" 销号管理
    check "control-char-not-raw$mode" "$(grep -c "$ESC" "$tmp/out") lines with ESC" \
        sh -c "[ -s '$tmp/out' ] && [ \"\$(grep -c '$ESC' '$tmp/out')\" = 0 ]"
done
run s --json 销号管理
check control-char-json-valid "$(head -c 300 "$tmp/out")" jq -e '.results[0].text | contains("销号管理")' "$tmp/out"

# ---- --help, --version ----------------------------------------------------------------
for p in mzindex mzsearch; do
    for o in --help --version; do
        run "$B/$p" $o
        check "$p$o" "rc=$rc stdout [$(out | head -n 2)]" sh -c "[ $rc = 0 ] && [ -s '$tmp/out' ]"
    done
done
run "$S" --help
check mzsearch-help-names-options "$(head -n 5 "$tmp/out")" sh -c "grep -q -- '--json' '$tmp/out' && grep -q -- '--index' '$tmp/out'"

# ---- mzindex errors, explicit files, re-indexing ---------------------------------------
run "$M" --index "$tmp/idx2" "$tmp/no-such-dir"
check mzindex-missing-path "rc=$rc stderr [$(err)]" sh -c "[ $rc = 2 ] && grep -q '^mzindex: .*$tmp/no-such-dir' '$tmp/err'"
# nothing to read: one line naming it, no summary of nothing done, no index made
check mzindex-missing-path-one-line "stderr [$(err)]" [ "$(wc -l <"$tmp/err")" = 1 ]
check mzindex-missing-path-no-index "$(ls "$tmp/idx2" 2>&1)" [ ! -e "$tmp/idx2" ]
run "$M" --index "$tmp/idx3" "$D/notes.pdf"
check mzindex-explicit-pdf-skipped "rc=$rc stderr [$(err)]" sh -c "[ $rc = 1 ] && grep -q '^mzindex: skipped $D/notes.pdf: .' '$tmp/err'"
run "$M" --index "$tmp/idx4" "$D/扫描件.png"
check mzindex-explicit-png-skipped "rc=$rc stderr [$(err)]" sh -c "[ $rc = 1 ] && grep -q '^mzindex: skipped $D/扫描件.png: .' '$tmp/err'"
run "$M" --index "$tmp/idx5" --json "$BZ"
check mzindex-json-summary "rc=$rc stdout [$(out)]" sh -c "[ $rc = 0 ] && jq -e '.version == 1 and .added == 1 and .ok == true and (.skipped | length) == 0' '$tmp/out'"
run s --json -n 1000 --exact 的; pdf=$(jq -r '.results[].path' "$tmp/out" | grep -c -e 'notes.pdf' -e '\.png')
check pdf-png-never-results "$pdf results from notes.pdf/png" [ "$pdf" = 0 ]

run s --count --exact 好人主义; before=$(out)
run s --count --exact 的; before2=$(out)
run "$M" --index "$I" "$D"
check reindex-unchanged "rc=$rc $(err)" grep -q '^mzindex: 0 added, 0 updated, 0 removed, 6 unchanged' "$tmp/err"
run "$M" --index "$I" "$D/../fx/"
run s --count --exact 好人主义
check reindex-no-duplicates "before $before, after $(out)" [ "$(out)" = "$before" ]
run s --count --exact 的
check reindex-no-duplicates-all "before $before2, after $(out)" [ "$(out)" = "$before2" ]
# a changed file has its passages replaced, not added to
sleep 1
printf '好人。人主动。主义多\n会上有同志指出，好人主义要不得。\n' >"$TRAP"
run "$M" --index "$I" "$D"
check reindex-changed-file "rc=$rc $(err)" grep -q '^mzindex: 0 added, 1 updated, 0 removed, 5 unchanged' "$tmp/err"
run s --count --exact 好人主义
check reindex-count-plus-one "before $before, after $(out)" [ "$(out)" = "$((before + 1))" ]
run s --json -n 1000 --all --exact 的
check reindex-no-duplicate-passages "$(jq -r '.results[] | "\(.path):\(.line_start):\(.byte_start)"' "$tmp/out" | sort | uniq -d | head -n 3)" \
    sh -c "[ -s '$tmp/out' ] && [ -z \"\$(jq -r '.results[] | \"\(.path):\(.line_start):\(.byte_start)\"' '$tmp/out' | sort | uniq -d)\" ]"
run s --json -n 1000 好人主义
same reindex-grep-equal "$(grep_set 好人主义)" "$(json_set text)"
rm -f "$TRAP"
run "$M" --index "$I" "$D"
run s --count --exact 好人主义
check reindex-deleted-file "before $before, after $(out)" [ "$(out)" = "$before" ]

# ---- a near copy of a later piece of a cut line names its column too --------------------
mkdir -p "$tmp/dupcol/a" "$tmp/dupcol/b"
cp "$here/fixtures/班子对照检查材料.txt" "$tmp/dupcol/a/"
cp "$here/fixtures/班子对照检查材料.txt" "$tmp/dupcol/b/"
"$M" --index "$tmp/dupcol/idx" -q "$tmp/dupcol/a" "$tmp/dupcol/b"
run "$S" --index "$tmp/dupcol/idx" --json --exact 三是调查研究
check also-in-column "$(jq -c '.results[] | [.column, .also_in]' "$tmp/out" 2>&1)" \
    jq -e '.results | length == 1 and (.[0].column | type == "number") and
           (.[0].also_in | length == 1) and .[0].also_in[0].column == .[0].column' "$tmp/out"
run "$S" --index "$tmp/dupcol/idx" --color=never --exact 三是调查研究
check also-in-column-text "$(grep 'also in' "$tmp/out")" \
    grep -Eq "also in 1 other place: $tmp/dupcol/[ab]/班子对照检查材料.txt:15:[0-9]+\)" "$tmp/out"

# ---- advertising never in any output of this script ------------------------------------
check ads-never-in-output "$(grep -e QQ -e 禁止外传 -e 仅供学习 -e 123456 "$tmp/all" | head -n 3)" \
    sh -c "! grep -q -e QQ -e 禁止外传 -e 仅供学习 -e 123456 '$tmp/all'"

exit 0
