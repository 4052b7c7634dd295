#!/bin/sh
# e2e_inputs.sh — the same material in every format gives the same passages;
# broken and hostile files get a warning naming them, never a crash, and
# never harm what is indexed.  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
export NO_COLOR=1

# ---- one material, six formats ----------------------------------------------
src="$tmp/src.txt"
cat >"$src" <<'EOF'
机关党支部班子对照检查材料
按照上级通知要求，支部班子围绕主题认真查摆问题，现报告如下。
一、存在的问题
（一）思想认识方面
有的同志满足于听报告、记笔记，理论学习浮在面上，开展批评时存在好人主义，怕得罪人。
（二）工作作风方面
调研走过场，以会议落实会议，文山会海仍有反弹，形式主义问题没有根治。
二、整改措施
（一）加强理论武装
坚持每月集中学习，敢于开展批评，坚决克服好人主义和圈子文化。
EOF
F="$tmp/formats"
mkdir -p "$F"
cp "$src" "$F/material.txt"
iconv -f UTF-8 -t GB18030 "$src" >"$F/material-gb.txt"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$src"; } >"$F/material-u16.txt"
{ printf '\357\273\277'; cat "$src"; } >"$F/material-bom.txt"
sed -e '1s/^/# /' -e 's/^\([一二三四五六七八九十]、\)/## \1/' "$src" >"$F/material.md"
python3 "$here/make_docs.py" docx "$src" "$F/material.docx"
python3 "$here/make_docs.py" docx-numbered "$src" "$F/material-numbered.docx"
{
    echo '<html><head><meta charset="utf-8"><title>x</title>'
    echo '<script>var s = "好人主义";</script></head><body>'
    sed -e '1s|.*|<h1>&</h1>|' -e '2,$s|^\([一二三四五六七八九十]、.*\)|<h2>\1</h2>|' \
        -e '2,$s|^\(（.）.*\)|<h3>\1</h3>|' -e '2,$s|^\([^<].*\)|<p>\1</p>|' "$src"
    echo '</body></html>'
} >"$F/material.html"

I="$tmp/idx"
out=$("$M" --index "$I" --json "$F" 2>"$tmp/err"); rc=$?
if [ "$rc" = 0 ] && [ "$(printf '%s' "$out" | jq .added)" = 8 ]; then
    ok formats-indexed; else no formats-indexed "rc=$rc $(cat "$tmp/err") $(printf '%s' "$out" | jq -c '{added, skipped}' 2>/dev/null)"; fi

# per file: the sorted list of (section path | passage text) for a query
view() { # QUERY FILE
    "$S" --index "$I" --all --json -n 100 "$1" |
        jq -r --arg f "$F/$2" '.results[] | select(.path == $f) |
            (.section | join(" › ")) + " | " + .text' | sort
}
for q in 好人主义 形式主义 圈子文化 批评; do
    want=$(view "$q" material.txt)
    [ -n "$want" ] || no "formats-$q-found" "nothing in material.txt"
    for f in material-gb.txt material-u16.txt material-bom.txt material.md \
             material.docx material-numbered.docx material.html; do
        got=$(view "$q" "$f")
        check "formats-$q-$f" "want [$want] got [$got]" [ "$got" = "$want" ]
    done
done
title() { "$S" --index "$I" --all --json -n 100 形式主义 |
              jq -r --arg f "$F/$1" '.results[] | select(.path == $f) | .title' | head -n 1; }
for f in material.txt material.md material.docx material.html; do
    check "formats-title-$f" "$(title "$f")" \
        [ "$(title "$f")" = "机关党支部班子对照检查材料" ]
done
check html-script-not-indexed "$("$S" --index "$I" --files 好人主义 | grep -c html)" \
    sh -c "'$S' --index '$I' --json 好人主义 | jq -r '.results[].text' | grep -qv 'var s'"
n=$("$S" --index "$I" --all --json -n 100 整改措施 | jq --arg f "$F/material.docx" \
      '[.results[] | select(.path == $f)] | .[0].line_start')
check docx-line-is-paragraph "line $n" [ "$n" = 8 ]

# mostly ASCII: GBK whose bytes happen to be valid UTF-8 ("学习" is D1A7
# CFB0), and real UTF-8 with accented Latin letters
E="$tmp/enc" IE="$tmp/ie"
mkdir -p "$E"
printf 'Agenda for Monday, item 3: 学习\n' | iconv -f UTF-8 -t GBK >"$E/ascii-gbk.txt"
printf 'Minutes: café, résumé, naïve\n' >"$E/latin.txt"
"$M" --index "$IE" -q "$E"
check mostly-ascii-gbk "$("$S" --index "$IE" --files 学习)" \
    [ "$("$S" --index "$IE" --files 学习)" = "$E/ascii-gbk.txt" ]
check latin-utf8-kept "$("$S" --index "$IE" --files résumé)" \
    [ "$("$S" --index "$IE" --files résumé)" = "$E/latin.txt" ]

# ---- PDF (through pdftotext): the same passages; a PDF carries no
# headings, so sections are not compared ------------------------------------
if command -v pdftotext >/dev/null 2>&1; then
    python3 "$here/make_docs.py" pdf "$src" "$F/material.pdf"
    "$M" --index "$I" -q "$F/material.pdf"; rc=$?
    check pdf-indexed "rc=$rc" [ "$rc" = 0 ]
    texts() { "$S" --index "$I" --all --json -n 100 "$1" |
        jq -r --arg f "$F/$2" '.results[] | select(.path == $f) | .text' | sort; }
    for q in 好人主义 形式主义 圈子文化; do
        check "pdf-same-passages-$q" "$(texts "$q" material.pdf)" \
            [ "$(texts "$q" material.pdf)" = "$(texts "$q" material.txt)" ]
    done
else
    ok "pdf-indexed # SKIP pdftotext not installed"
fi

# ---- broken and hostile files ------------------------------------------------
H="$tmp/hostile"
mkdir -p "$H"
python3 "$here/make_docs.py" hostile "$H"
printf 'abc\000\001\002\377\376binary' >"$H/binary.txt"
head -c 3000 /dev/urandom >"$H/random.txt"
: >"$H/empty.txt"
# invalid UTF-8 in the middle of Chinese text: not UTF-8, not GB18030
printf '好人主义开头\n\200\377\376中间坏字节\n' >"$H/badutf8.txt"
# one 10 MB line
awk 'BEGIN { s = "一是加强学习二是克服好人主义三是改进作风。"; for (i = 0; i < 250000; i++) printf "%s", s; print "" }' >"$H/longline.txt"
# a 1 GB file (sparse: costs no disk)
truncate -s 1G "$H/huge.txt"
printf 'not a pdf' >"$H/fake.pdf"
printf 'not a doc' >"$H/fake.doc"
before=$("$S" --index "$I" --count 好人主义)
start=$(date +%s)
"$M" --index "$I" "$H" >"$tmp/out" 2>"$tmp/err"; rc=$?
secs=$(( $(date +%s) - start ))
check hostile-exit-1 "rc=$rc $(cat "$tmp/err")" [ "$rc" = 1 ]
check hostile-bounded-time "took ${secs}s" [ "$secs" -lt 60 ]
for f in truncated.docx notzip.docx bomb.docx binary.txt random.txt \
         badutf8.txt huge.txt fake.pdf fake.doc; do
    check "hostile-warns-$f" "$(grep -F "$f" "$tmp/err")" \
        grep -q "^mzindex: skipped $H/$f: ..*" "$tmp/err"
done
check hostile-good-docx-indexed "$(grep good.docx "$tmp/err")" \
    sh -c "'$S' --index '$I' --files 好人主义 | grep -q '$H/good.docx'"
lol=$("$S" --index "$I" --count 好人主义好人主义好人主义)
check hostile-xml-bomb-not-expanded "count $lol" [ "$lol" = 0 ]
check hostile-xxe-not-read "$("$S" --index "$I" --json root | jq -r '.results[].path')" \
    sh -c "! '$S' --index '$I' --files root | grep -q xxe"
check hostile-long-line-indexed "$(grep longline "$tmp/err")" \
    sh -c "'$S' --index '$I' --files 改进作风 | grep -q longline"
after=$("$S" --index "$I" --count 好人主义)
check hostile-index-unharmed "before $before after $after" [ "$after" -ge "$before" ]
for q in 形式主义 圈子文化; do
    check "hostile-earlier-still-found-$q" "" \
        sh -c "'$S' --index '$I' --files $q | grep -q material.docx"
done
live=$(sed -n '1s/^auto //p' "$I/XAPIANDB")
check hostile-xapian-check "" index_checks "$I"

# a file that became broken keeps its earlier passages
cp "$F/material.docx" "$tmp/keep.docx"
"$M" --index "$I" -q "$tmp/keep.docx"
printf 'broken now' >"$tmp/keep.docx"
"$M" --index "$I" -q "$tmp/keep.docx" 2>/dev/null
check broken-later-keeps-passages "" \
    sh -c "'$S' --index '$I' --files 文山会海 | grep -q keep.docx"

# walking takes documents, leaves the rest
W="$tmp/walk"
mkdir -p "$W/.hidden" "$W/sub"
cp "$src" "$W/.hidden/a.txt"
cp "$src" "$W/sub/b.TXT"
cp "$F/material.docx" "$W/~\$lock.docx"
printf 'x' >"$W/photo.jpg"
ln -s "$W" "$W/sub/loop"
out=$("$M" --index "$tmp/iw" --json "$W" 2>&1); rc=$?
if [ "$rc" = 0 ] && [ "$(printf '%s' "$out" | jq .added)" = 1 ]; then
    ok walk-takes-documents; else no walk-takes-documents "rc=$rc $out"; fi

# --include / --exclude, remembered for later updates
G="$tmp/globs" IG="$tmp/ig"
mkdir -p "$G/keep" "$G/drafts"
echo "草稿里的好人主义" >"$G/drafts/a.txt"
echo "定稿里的好人主义" >"$G/keep/b.txt"
echo "定稿里的好人主义" >"$G/keep/c.md"
files() { "$S" --index "$IG" --files -n 100 好人主义 | sed "s|$G/||" | sort | tr '\n' ' '; }
"$M" --index "$IG" -q --exclude drafts "$G"
check glob-exclude-folder "$(files)" [ "$(files)" = "keep/b.txt keep/c.md " ]
echo "新草稿的好人主义" >"$G/drafts/d.txt"
"$M" --index "$IG" -q
check glob-remembered "$(files)" [ "$(files)" = "keep/b.txt keep/c.md " ]
"$M" --index "$IG" -q --include 'keep/*.md'
check glob-include-path-removes-others "$(files)" [ "$(files)" = "keep/c.md " ]
exit 0
