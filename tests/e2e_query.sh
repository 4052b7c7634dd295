#!/bin/sh
# e2e_query.sh — mzindex + mzsearch on the sample materials, checked the way
# a user would: grep-equal results, sections, snippets, JSON, exit codes,
# errors, colour.  Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset NO_COLOR
D="$here/sample"
I="$tmp/idx"
# The literal contract (grep semantics) is --exact; the thesaurus on top of
# it is e2e_thesaurus.sh's business.
s() { "$S" --index "$I" --color=never --exact "$@"; }
# the same as a user at a terminal sees it (snippets, 【】, closing line)
t() { on_tty "$S" --index "$I" --color=never --exact "$@"; }

"$M" --index "$I" "$D" 2>"$tmp/err"; rc=$?
check index-sample "rc=$rc $(cat "$tmp/err")" [ "$rc" = 0 ]
check index-summary "$(cat "$tmp/err")" grep -q '^mzindex: 6 added, .* 0 skipped;' "$tmp/err"

# ---- exact semantics: the same passages as grep over the UTF-8 files -------
utf8_files() { for f in "$D"/*.txt "$D"/*.md; do
    case "$f" in *gbk*) ;; *) echo "$f" ;; esac; done; }
for q in 好人主义 圈子文化 形式主义 意识形态 风 问题; do
    got=$(s --json -n 1000 "$q" | jq -r '.results[] | "\(.path):\(.line_start)"' |
          grep -v gbk | sort -u)
    want=$(utf8_files | while read -r f; do grep -n -- "$q" "$f" |
               grep -v -e QQ -e 禁止外传 | cut -d: -f1 | sed "s|^|$f:|"; done |
           sort -u)
    check "grep-equal-$q" "got [$got] want [$want]" [ "$got" = "$want" ]
done
check trap-not-matched "$(s --files 好人主义)" sh -c "! '$S' --index '$I' --exact --files 好人主义 | grep -q 学习心得"
check count-equals-results "$(s --count 好人主义)" \
    [ "$(s --count 好人主义)" = "$(s --json -n 100 好人主义 | jq '.results | length')" ]
check two-char-count "$(s --count 作风)" [ "$(s --count 作风)" = 3 ]

# ---- human output (on a terminal) ----------------------------------------------
out=$(t 斗争精神)
first=$(printf '%s\n' "$out" | sed -n 1p)
check text-header "$first" \
    [ "$first" = "$D/班子对照检查材料.txt:9: 一、存在的主要问题 › （二）斗争精神不强" ]
check text-snippet-indented "$out" sh -c "printf '%s\n' '$out' | sed -n 2p | grep -q '^  .*【斗争精神】'"
check text-closing-line "$out" sh -c "printf '%s\n' '$out' | tail -n 1 | grep -qx '1 result (showing 1–1)'"
out=$(t 好人主义)
check text-closing-plural "$(printf '%s\n' "$out" | tail -n 1)" \
    sh -c "printf '%s\n' '$out' | tail -n 1 | grep -qx '5 results (showing 1–5)'"
check text-blank-between "$out" sh -c "printf '%s\n' '$out' | sed -n 3p | grep -qx ''"
n=$(s --json 会员群 | jq '.results | length'); n2=$(s --count 禁止外传)
if [ "$n" = 0 ] && [ "$n2" = 0 ]; then
    ok ads-never-shown; else no ads-never-shown "会员群: $n, 禁止外传: $n2"; fi
check ads-not-in-any-text "" sh -c "! '$S' --index '$I' --json -n 1000 的 | jq -r '.results[].text' | grep -q -e QQ -e 仅供学习"
out=$(s 减轻基层负担)
check long-paragraph-cut "$(s --json 减轻基层负担 | jq '.results[0].text | length')" \
    [ "$(s --json 减轻基层负担 | jq '.results[0].text | length')" -le 420 ]
check long-paragraph-line "$out" sh -c "printf '%s\n' '$out' | head -n 1 | grep -q '班子对照检查材料.txt:10:'"
check heading-found-at-its-line "$(s 产生问题的原因 | head -n 1)" \
    sh -c "'$S' --index '$I' --exact --color=never 产生问题的原因 | head -n 1 | grep -q '班子对照检查材料.txt:15'"
check markdown-heading-section "$(s 深入基层 | head -n 1)" \
    sh -c "'$S' --index '$I' --color=never 深入基层 | head -n 1 | grep -q '发言提纲.md:16: 一、查摆的问题 › 作风方面$'"
check markdown-front-matter-skipped "$(s --count title)" [ "$(s --count title)" = 0 ]
check gb18030-found "$(s --files 杜绝圈子文化)" [ "$(s --files 杜绝圈子文化)" = "$D/会议纪要-gbk.txt" ]
check bom-first-line "$(s 专项整治工作方案 | head -n 1)" \
    sh -c "'$S' --index '$I' --color=never 专项整治工作方案 | head -n 1 | grep -q '整治方案-bom.txt:1:\$'"
check png-ignored "" sh -c "! '$S' --index '$I' --json -n 1000 的 | jq -r '.results[].path' | grep -q png"

# ---- query language ---------------------------------------------------------------
if [ "$(s --count app)" = 1 ] && [ "$(s --count APP)" = 1 ] && [ "$(s --count ＡＰＰ)" = 1 ]; then
    ok fullwidth-app; else no fullwidth-app "$(s --count app) $(s --count APP) $(s --count ＡＰＰ)"; fi
check and "$(s --count 好人主义 圈子文化)" [ "$(s --count 好人主义 圈子文化)" = 2 ]
check and-typed "$(s --count 好人主义 AND 圈子文化)" [ "$(s --count 好人主义 AND 圈子文化)" = "$(s --count 好人主义 圈子文化)" ] && [ "$(s --count 好人主义 AND 圈子文化)" = 2 ]
check or "$(s --count 圈子文化 OR 一团和气)" [ "$(s --count 圈子文化 OR 一团和气)" = 3 ]
check not "$(s --count 好人主义 -圈子文化)" [ "$(s --count 好人主义 -圈子文化)" = 3 ]
check quoted-phrase "$(s --count '"形式主义、官僚主义"')" [ "$(s --count '"形式主义、官僚主义"')" = 1 ]
check phrase-needs-adjacency "$(s --count '"形式主义 基层"')" [ "$(s --count '"形式主义 基层"')" = 0 ]
check options-after-query "$(s 好人主义 -n 1 | grep -c ':[0-9]')" [ "$(s 好人主义 -n 1 | grep -c '\.\(txt\|md\):[0-9]')" = 1 ]
check xjp-word "$(s --count xjp)" [ "$(s --count XJP)" = 1 ]

# ---- JSON ----------------------------------------------------------------------------
j=$(s --json 好人主义)
check json-parses "" sh -c "printf '%s' '$j' | jq -e . >/dev/null"
check json-fields "" sh -c "printf '%s' '$j' | jq -e '.version == 1 and .query == \"好人主义\" and (.total | type == \"number\") and (.elapsed_ms | type == \"number\") and (.results[0] | has(\"rank\") and has(\"score\") and has(\"path\") and has(\"title\") and has(\"section\") and has(\"line_start\") and has(\"line_end\") and has(\"byte_start\") and has(\"byte_end\") and has(\"snippet\") and has(\"highlights\") and has(\"text\"))' >/dev/null"
hl=$(printf '%s' "$j" | python3 -c '
import json, sys
d = json.load(sys.stdin)
bad = [r["snippet"][h["start"]:h["end"]] for r in d["results"] for h in r["highlights"]
       if r["snippet"][h["start"]:h["end"]] != "好人主义"]
print("ok" if d["results"] and not bad else bad)')
check json-highlights-point-at-hit "$hl" [ "$hl" = ok ]
bytes=$(s --json 斗争精神 | python3 -c '
import json, sys
r = json.load(sys.stdin)["results"][0]
data = open(r["path"], "rb").read()
print("ok" if data[r["byte_start"]:r["byte_end"]].decode() == r["text"] else "bad")')
check json-byte-range "$bytes" [ "$bytes" = ok ]
check json-title "$(printf '%s' "$j" | jq -r '.results[] | select(.path | endswith("班子对照检查材料.txt")) | .title' | head -n 1)" \
    [ "$(printf '%s' "$j" | jq -r '.results[] | select(.path | endswith("班子对照检查材料.txt")) | .title' | head -n 1)" = 县直机关党支部班子对照检查材料 ]
jl=$(s --jsonl 好人主义)
check jsonl-each-line "" sh -c "printf '%s\n' '$jl' | while read -r l; do printf '%s' \"\$l\" | jq -e '.query == \"好人主义\" and .rank > 0' >/dev/null || exit 1; done"
check jsonl-lines "$(printf '%s\n' "$jl" | wc -l)" [ "$(printf '%s\n' "$jl" | wc -l)" = 5 ]

# ---- paging, files ---------------------------------------------------------------------
check limit "" [ "$(s --json -n 2 好人主义 | jq '.results | length')" = 2 ]
all=$(s --json 好人主义 | jq -r '.results[].text')
check offset "" [ "$(s --json --offset 2 -n 1 好人主义 | jq -r '.results[0].text')" = "$(printf '%s\n' "$all" | sed -n 3p)" ]
if [ "$(s --files 好人主义 | wc -l)" = 4 ] && [ "$(s --files 好人主义 | sort -u | wc -l)" = 4 ]; then
    ok files-once; else no files-once "$(s --files 好人主义)"; fi

# ---- exit codes and errors ----------------------------------------------------------------
s 好人主义 >/dev/null; check exit-0-found "" [ $? = 0 ]
s 不存在的词语 >/dev/null; check exit-1-none "" [ $? = 1 ]
err=$("$S" --index "$tmp/nothing" 好人主义 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "$tmp/nothing.*mzindex"; then
    ok error-no-index; else no error-no-index "rc=$rc $err"; fi
err=$(s "" 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q '^mzsearch: empty query'; then
    ok error-empty-query; else no error-empty-query "rc=$rc $err"; fi
err=$(s "，。！" 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q 'nothing searchable'; then
    ok error-nothing-searchable; else no error-nothing-searchable "rc=$rc $err"; fi
err=$(s --frobnicate 好人主义 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "unknown option '--frobnicate'"; then
    ok error-unknown-option; else no error-unknown-option "rc=$rc $err"; fi
out=$("$S" --index "$tmp/nothing" --json 好人主义 2>/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$out" | jq -e '.version == 1 and .error.code == "no_index"' >/dev/null; then
    ok error-json; else no error-json "rc=$rc $out"; fi
err=$(s 好人主义 -n 2>&1 >/dev/null); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q -- '-n needs a value'; then
    ok error-option-needs-value; else no error-option-needs-value "rc=$rc $err"; fi

# ---- colour and control characters ------------------------------------------------------------
esc=$(printf '\033')
check color-always "" sh -c "'$S' --index '$I' --color=always 好人主义 | grep -q '${esc}\[1;31m好人主义'"
check color-never "" sh -c "! '$S' --index '$I' --color=never 好人主义 | grep -q '$esc'"
check no-color-env "" sh -c "! NO_COLOR=1 TERM=xterm '$S' --index '$I' 好人主义 | grep -q '$esc'"
check document-escape-not-raw "" sh -c "! '$S' --index '$I' --color=never 需要重视 | grep -q '$esc'"
check document-escape-found "" sh -c "'$S' --index '$I' --color=never 需要重视 | grep -q 谈话记录"

# ---- mzindex errors, re-indexing -----------------------------------------------------------------
err=$("$M" --index "$tmp/i2" "$tmp/no-such-dir" 2>&1); rc=$?
if [ "$rc" = 2 ] && printf '%s' "$err" | grep -q "$tmp/no-such-dir"; then
    ok mzindex-missing-path; else no mzindex-missing-path "rc=$rc $err"; fi
err=$("$M" --index "$tmp/i3" "$D/扫描件.png" 2>&1); rc=$?
if [ "$rc" = 1 ] && printf '%s' "$err" | grep -q "skipped $D/扫描件.png: "; then
    ok mzindex-explicit-unsupported; else no mzindex-explicit-unsupported "rc=$rc $err"; fi
before=$(s --count 好人主义)
"$M" --index "$I" -q "$D"; "$M" --index "$I" --rebuild -q
check reindex-no-duplicates "$before -> $(s --count 好人主义)" [ "$(s --count 好人主义)" = "$before" ]
for p in "$M" "$S"; do
    "$p" --help >/dev/null; check "help-$(basename "$p")" "" [ $? = 0 ]
    "$p" --version | grep -q mzseg-; check "version-$(basename "$p")" "" [ $? = 0 ]
done
MZSEARCH_INDEX="$I" "$S" --count 好人主义 >/dev/null
check index-from-env "" [ $? = 0 ]
exit 0
