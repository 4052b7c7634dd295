#!/bin/sh
# e2e_output.sh — output that pipes like ripgrep's (in a pipe: the lines as
# in the files, no 【】, no closing line; on a terminal: snippets, marks or
# colour, the closing line), and --similar over a draft in any format
# mzindex reads, with query words as an AND filter and an honest total.
# Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset NO_COLOR
export TERM=xterm
D="$tmp/docs" I="$tmp/idx"
mkdir -p "$D"

# ---- the materials -------------------------------------------------------------
# A material with headings; line 9 is a heading and a paragraph at once, and
# line 11 a long paragraph whose literal sits far from the query word.
cat >"$D/班子检视材料.txt" <<'EOF'
党支部班子专题民主生活会检视材料

一、存在的突出问题

（一）政治理论学习方面
学习停留在读文件、记笔记上，联系实际不够，学用结合还有差距。

（二）圈子文化、好人主义整治方面。开展批评时怕得罪人，圈子文化、好人主义的影子还没有彻底清除，班子成员之间相互提醒少。

（三）作风建设方面
深入基层调研不够，听汇报多，到一线解决问题少，有时满足于一般化的要求和部署，对好人主义的苗头没有及时纠正，对基层反映的难点问题跟踪不够，办结率不高，群众满意度还有提升空间，需要在今后的工作中下大力气加以改进，切实做到问题不解决不放手，整改不到位不销号，确保每一项措施都能落到实处、见到实效，真正让群众感受到作风转变带来的新变化，彻底纠正圈子文化、好人主义。

二、整改措施
严肃党内政治生活，持续整治圈子文化、好人主义，让红红脸、出出汗成为常态。
EOF
# A material without headings: its results have no section.
cat >"$D/谈心记录.txt" <<'EOF'
谈心谈话时大家一致认为，克服好人主义要从班子带头做起，不能一团和气。
另一位同志说，本单位圈子文化、好人主义的问题在去年已经有所收敛。
EOF
"$M" --index "$I" -q "$D"
s() { "$S" --index "$I" "$@"; }
# the literal, as grep counts the lines that hold it in the files
lines_with() { cat "$D"/*.txt | grep -c -- "$1"; }

# ---- 11. in a pipe: the lines as in the files ----------------------------------
out=$(s 好人主义); rc=$?
check pipe-found "rc=$rc" [ "$rc" = 0 ]
check pipe-no-marks "$(printf '%s\n' "$out" | grep '【')" \
    sh -c "! printf '%s\n' '$out' | grep -q '【'"
check pipe-no-closing-line "$(printf '%s\n' "$out" | tail -n 1)" \
    sh -c "! printf '%s\n' '$out' | grep -Eq '^(about )?[0-9]+ results?( |$)'"
# the issue's own check: grep -c over the output counts what grep -c (or
# rg -c) counts over the files
want=$(lines_with 圈子文化、好人主义)
got=$(s 好人主义 | grep -c 圈子文化、好人主义)
check pipe-grep-count-like-files "output $got, files $want" [ "$got" = "$want" ] && [ "$want" -ge 4 ]
got=$(s --exact 好人主义 | grep -c 好人主义)
want=$(lines_with 好人主义)
check pipe-grep-count-query "output $got, files $want" [ "$got" = "$want" ]
# each result's text line is the whole passage, as rg prints the whole line
want=$(s --exact --json -n 100 好人主义 | jq -r '.results[].text')
got=$(s --exact -n 100 好人主义 | sed -n 's/^  //p')
check pipe-whole-passage "$(printf '%s\n' "$got" | head -n 3)" [ "$got" = "$want" ]
# nothing matches: nothing on stdout (rg prints nothing), status 1
out=$(s 量子纠缠 2>"$tmp/err"); rc=$?
check pipe-none-silent "rc=$rc stdout [$out]" sh -c "[ $rc = 1 ] && [ -z '$out' ] && [ ! -s '$tmp/err' ]"
# output that cannot be written (a full disk) is an error, as in grep
if [ -w /dev/full ]; then
    s 好人主义 >/dev/full 2>"$tmp/err"; rc=$?
    check write-error-says-so "rc=$rc $(cat "$tmp/err")" \
        sh -c "[ $rc = 2 ] && grep -q 'cannot write the results to standard output' '$tmp/err'"
else
    ok "write-error-says-so # SKIP no /dev/full"
fi
# --marks asks for 【】 in a pipe; --color=never alone does not
check pipe-marks-asked "" sh -c "'$S' --index '$I' --marks 好人主义 | grep -q '【好人主义】'"
check pipe-color-never-plain "" sh -c "! '$S' --index '$I' --color=never 好人主义 | grep -q '【'"
# a result without a section: "path:line:", as grep -n prints it, so that
# editors (vim's quickfix, Emacs' grep-mode) take path and line
got=$(s --exact 一团和气 | head -n 1)
check no-section-path-line-colon "$got" [ "$got" = "$D/谈心记录.txt:1:" ]
bad=$(s -n 100 好人主义 | grep -v '^  ' | grep -v '^$' | grep -v '^  (also in' |
      grep -Ev '^/[^:]+:[0-9]+:([0-9]+:)?( .*)?$')
check headers-editor-form "$bad" [ -z "$bad" ]
# a heading that is also a paragraph: its own heading is not repeated above
# the whole passage (grep would count the line twice)
got=$(s --exact 整治方面 | head -n 1)
check pipe-own-heading-not-repeated "$got" [ "$got" = "$D/班子检视材料.txt:8: 一、存在的突出问题" ]

# ---- on a terminal: snippets, marks or colour, the closing line ---------------
t=$(on_tty env TERM=dumb "$S" --index "$I" --exact 好人主义)
check tty-marks-without-colour "$(printf '%s\n' "$t" | head -n 2)" \
    sh -c "printf '%s\n' '$t' | grep -q '【好人主义】'"
n=$(s --exact --count 好人主义)
check tty-closing-line "$(printf '%s\n' "$t" | tail -n 1)" \
    sh -c "printf '%s\n' '$t' | tail -n 1 | grep -qx '$n results (showing 1–$n)'"
check tty-snippet-cut "" sh -c "printf '%s\n' '$t' | grep -q '^  .*…'"
check tty-own-heading-shown "" \
    sh -c "printf '%s\n' '$t' | grep -qx '$D/班子检视材料.txt:8: 一、存在的突出问题 › （二）圈子文化、好人主义整治方面'"
esc=$(printf '\033')
t=$(on_tty "$S" --index "$I" --exact 好人主义)
check tty-colour-no-marks "" sh -c "printf '%s\n' '$t' | grep -q '${esc}\[1;31m好人主义' && ! printf '%s\n' '$t' | grep -q '【'"
t=$(on_tty "$S" --index "$I" 量子纠缠); rc=$?
check tty-none-says-so "rc=$rc [$t]" sh -c "[ $rc = 1 ] && [ '$t' = '0 results' ]"
# --color=always in a pipe (for less -R) looks as on a terminal
out=$(s --color=always --exact 好人主义)
check color-always-pipe-closing "$(printf '%s\n' "$out" | tail -n 1)" \
    sh -c "printf '%s\n' '$out' | tail -n 1 | grep -qx '$n results (showing 1–$n)'"

# ---- 12. --similar: a draft as mzindex reads it ---------------------------------
# the indexed line 11 passage, reworded a little, as a writer's draft
cat >"$tmp/draft.txt" <<'EOF'
今年以来深入基层调研不够，听汇报多，到一线解决问题少，对基层反映的难点问题跟踪不够，办结率不高。
EOF
want="$D/班子检视材料.txt:11"
first() { jq -r '.results[0] | "\(.path):\(.line_start)"'; }
got=$(s --similar "$tmp/draft.txt" --json | first)
check similar-utf8 "$got" [ "$got" = "$want" ]
iconv -f UTF-8 -t GBK "$tmp/draft.txt" >"$tmp/draft-gbk.txt"
got=$(s --similar "$tmp/draft-gbk.txt" --json 2>&1 | first)
check similar-gbk "$got" [ "$got" = "$want" ]
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$tmp/draft.txt"; } >"$tmp/draft-u16.txt"
got=$(s --similar "$tmp/draft-u16.txt" --json 2>&1 | first)
check similar-utf16 "$got" [ "$got" = "$want" ]
got=$(s --similar - --json <"$tmp/draft-u16.txt" 2>&1 | first)
check similar-utf16-stdin "$got" [ "$got" = "$want" ]
printf '整改意见稿\n' | cat - "$tmp/draft.txt" >"$tmp/draft-doc.txt"
python3 "$here/make_docs.py" docx "$tmp/draft-doc.txt" "$tmp/draft.docx"
got=$(s --similar "$tmp/draft.docx" --json 2>&1 | first)
check similar-docx "$got" [ "$got" = "$want" ]
got=$(s --similar - --json <"$tmp/draft.docx" 2>&1 | first)
check similar-docx-stdin "$got" [ "$got" = "$want" ]
# (the script is not text of the page: 谈心记录.txt:1 is not like the draft)
{ echo '<html><head><meta charset="utf-8"><style>p { color: red }</style>'
  echo '<script>var note = "克服好人主义要从班子带头做起，不能一团和气";</script></head><body><p>'
  cat "$tmp/draft.txt"; echo '</p></body></html>'; } >"$tmp/draft.html"
got=$(s --similar "$tmp/draft.html" --all --json -n 100 2>&1 | jq -r '.results[] | "\(.path):\(.line_start)"' | tr '\n' ' ')
check similar-html "$got" sh -c "[ '${got%% *}' = '$want' ] && ! printf '%s' '$got' | grep -q 谈心记录.txt:1"
got=$(s --similar - --all --json -n 100 <"$tmp/draft.html" 2>&1 | jq -r '.results[] | "\(.path):\(.line_start)"' | tr '\n' ' ')
check similar-html-stdin "$got" sh -c "[ '${got%% *}' = '$want' ] && ! printf '%s' '$got' | grep -q 谈心记录.txt:1"
cp "$tmp/draft.txt" "$tmp/draft-no-extension"
got=$(s --similar "$tmp/draft-no-extension" --json 2>&1 | first)
check similar-no-extension "$got" [ "$got" = "$want" ]
# --files with --similar names the draft as the query, as its results do
got=$(s --similar "$tmp/draft.txt" --files --json | jq -r .query)
check similar-files-json-query "$got" [ "$got" = "$tmp/draft.txt" ]
# a pipe given as the file (--similar <(...), /dev/stdin) is read as
# standard input is
got=$(cat "$tmp/draft-u16.txt" | s --similar /dev/stdin --json 2>&1 | first)
check similar-dev-stdin "$got" [ "$got" = "$want" ]
python3 "$here/make_docs.py" pdf "$tmp/draft.txt" "$tmp/draft.pdf"
if command -v pdftotext >/dev/null 2>&1; then
    got=$(s --similar "$tmp/draft.pdf" --json 2>&1 | first)
    check similar-pdf "$got" [ "$got" = "$want" ]
else
    ok "similar-pdf # SKIP pdftotext not installed"
fi
# without pdftotext: the reason mzindex gives, naming the package
mkdir -p "$tmp/nobin"
err=$(env PATH="$tmp/nobin" "$S" --index "$I" --similar "$tmp/draft.pdf" 2>&1 >/dev/null); rc=$?
check similar-pdf-needs-poppler "rc=$rc $err" sh -c "[ $rc = 2 ] && printf '%s' '$err' | grep -q 'draft.pdf: .*poppler-utils'"
printf '\000\001\002binary' >"$tmp/draft.bin"
err=$(s --similar "$tmp/draft.bin" 2>&1 >/dev/null); rc=$?
check similar-binary-error "rc=$rc $err" sh -c "[ $rc = 2 ] && printf '%s' '$err' | grep -q '^mzsearch: --similar .*draft.bin: '"
err=$(printf '' | s --similar - 2>&1 >/dev/null); rc=$?
check similar-empty-error "rc=$rc $err" sh -c "[ $rc = 2 ] && printf '%s' '$err' | grep -q 'no text'"

# query words with --similar: an AND filter (as typed, no thesaurus)
all=$(s --similar "$tmp/draft.txt" --all --json -n 1000 | jq -c '[.results[] | select(.text | contains("好人主义")) | [.path, .line_start]]')
and=$(s --similar "$tmp/draft.txt" 好人主义 --all --json -n 1000 | jq -c '[.results[] | [.path, .line_start]]')
check similar-words-filter "all with the word $all; filtered $and" sh -c "[ '$all' = '$and' ] && [ '$and' != '[]' ]"
check similar-words-marked "" sh -c "'$S' --index '$I' --marks --similar '$tmp/draft.txt' -n 1 好人主义 | grep -q '【好人主义】'"
out=$(s --similar "$tmp/draft.txt" 量子纠缠); rc=$?
check similar-words-none "rc=$rc [$out]" sh -c "[ $rc = 1 ] && [ -z '$out' ]"
# --kind, --year and --type keep to their passages too
printf '持续整治圈子文化、好人主义，开展批评不怕得罪人。\n' >"$tmp/draft2.txt"
all=$(s --similar "$tmp/draft2.txt" --all --json -n 1000 | jq -c '[.results[] | select(.kind == "measures") | [.path, .line_start]]')
kinds=$(s --similar "$tmp/draft2.txt" --all --json -n 1000 | jq -c '[.results[].kind] | unique')
got=$(s --similar "$tmp/draft2.txt" --kind measures --all --json -n 1000 | jq -c '[.results[] | [.path, .line_start]]')
check similar-kind-filter "kinds $kinds; measures $all; --kind measures $got" \
    sh -c "[ '$got' = '$all' ] && [ '$got' != '[]' ] && [ '$kinds' != '[\"measures\"]' ]"

# the total: exact (the passages ranked), never Xapian's estimate
j=$(s --similar "$tmp/draft.txt" --all --json -n 1000)
check similar-total-exact "$(printf '%s' "$j" | jq -c '{total, total_exact, n: (.results | length)}')" \
    sh -c "printf '%s' '$j' | jq -e '.total_exact and .total == (.results | length) and .total > 1' >/dev/null"
n=$(printf '%s' "$j" | jq .total)
check similar-count "$(s --similar "$tmp/draft.txt" --count)" [ "$(s --similar "$tmp/draft.txt" --count)" = "$n" ]
t=$(on_tty "$S" --index "$I" --all --similar "$tmp/draft.txt" -n 1)
check similar-tty-closing "$(printf '%s\n' "$t" | tail -n 1)" \
    sh -c "printf '%s\n' '$t' | tail -n 1 | grep -qx '$n results (showing 1–1)'"
# more passages like it than are ranked: says among how many, exactly
awk 'BEGIN { for (i = 1; i <= 1100; i++)
    printf "第%d条 各支部要对照检查好人主义问题，逐条列出整改清单，明确责任人和完成时限。\n", i }' >"$D/整改清单.txt"
"$M" --index "$I" -q "$D"
printf '对照检查好人主义问题，列出整改清单。\n' >"$tmp/short.txt"
j=$(s --similar "$tmp/short.txt" --json -n 1)
check similar-total-capped "$(printf '%s' "$j" | jq -c '{total, total_exact, total_among}')" \
    sh -c "printf '%s' '$j' | jq -e '.total == 1000 and .total_exact and .total_among == 1000' >/dev/null"
# a filter keeps the passages most like the draft among those it keeps, not
# among the 1000 most like it of all (a year's passage ranks below the 1100)
printf '2023年回头看：对照检查的情况。\n' >"$D/回头看.txt"
"$M" --index "$I" -q "$D"
got=$(s --similar "$tmp/short.txt" --year 2023 --json | jq -c '[.total, [.results[].path | sub(".*/"; "")]]')
check similar-filter-past-the-best-1000 "$got" [ "$got" = '[1,["回头看.txt"]]' ]
t=$(on_tty "$S" --index "$I" --similar "$tmp/short.txt" -n 1)
check similar-tty-capped "$(printf '%s\n' "$t" | tail -n 1)" \
    sh -c "printf '%s\n' '$t' | tail -n 1 | grep -qx '1000 results among the 1000 passages most like it (showing 1–1)'"

# ---- mzindex --extract: the text mzsearch --similar compares -------------------
# mzsearch hands drafts to mzindex --extract, so it need not load the document
# readers (libarchive, libxml2) at every start
got=$("$M" --extract "$tmp/draft.docx"); rc=$?
check extract-docx-text "rc=$rc [$got]" sh -c "[ $rc = 0 ] && printf '%s\n' '$got' | grep -q '整改意见稿' && printf '%s\n' '$got' | grep -q '^今年以来深入基层调研不够'"
got=$("$M" --extract - <"$tmp/draft-gbk.txt"); rc=$?
check extract-stdin-gbk "rc=$rc [$got]" sh -c "[ $rc = 0 ] && [ '$got' = '$(cat "$tmp/draft.txt")' ]"
err=$("$M" --extract "$tmp/no-such.docx" 2>&1 >/dev/null); rc=$?
check extract-missing-one-line "rc=$rc [$err]" sh -c "[ $rc = 2 ] && [ \$(printf '%s\n' '$err' | wc -l) = 1 ] && printf '%s' '$err' | grep -q 'no-such.docx: cannot read'"
err=$(s --similar "$tmp/no-such.docx" 2>&1 >/dev/null); rc=$?
check similar-missing-names-option "rc=$rc [$err]" sh -c "[ $rc = 2 ] && [ '$err' = 'mzsearch: --similar $tmp/no-such.docx: cannot read: No such file or directory' ]"
err=$("$M" --extract "$tmp/draft.txt" "$tmp" 2>&1); rc=$?
check extract-goes-alone "rc=$rc [$err]" sh -c "[ $rc = 2 ] && printf '%s' '$err' | grep -q 'goes alone'"
if command -v ldd >/dev/null; then
    libs=$(ldd "$S" | awk '{print $1}' | tr '\n' ' ')
    check search-loads-no-document-readers "$libs" sh -c "! printf '%s' '$libs' | grep -Eq 'libarchive|libxml2|libicu'"
fi
