#!/bin/sh
# e2e_lat2.sh — the cost of one search, second pass (issues 17, 18): the
# page's cJSON tree refers to its strings instead of copying each twice and
# is printed into one buffer; the sense test's two-character look-ups come
# from a pair table.  What a user or a tool reads must not change: odd text (quotes, backslashes, control
# characters, tabs, astral characters, long lines, in file names too) comes
# back escaped as JSON wants, the server sends what the command line
# prints, and the sense marks are as before.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset MZSEARCH_INDEX NO_COLOR
export XDG_DATA_HOME="$tmp/xdg"
D="$tmp/d" I="$tmp/i"
mkdir -p "$D/引号\"与\\斜杠"
register "$D/来信登记.txt"
odd="$D/引号\"与\\斜杠/检查\"材料\\一.txt"
# line 3: a tab, control characters (U+0001, U+001F), DEL, quotes, a
# backslash and astral characters (U+20BB7 𠮷, U+20000 𠀀)
printf '关于"作风"问题的\\检查\n一、存在的问题\n整治四风\t不力，\001存在\037形式主义\177苗头，"顶风违纪"时有发生，𠮷𠀀字也在此。\n' >"$odd"
# a long line: one passage of some 6,000 characters
awk 'BEGIN { printf "二、整改措施\n"; for (i = 0; i < 300; i++) printf "坚持整治四风问题第%d条，\"防止反弹\"\\回潮。", i; printf "\n" }' \
    >"$D/长段落.txt"
printf '一、存在的问题\n落实中央八项规定精神还有差距，公务接待把关不严。\n' >"$D/对照.txt"
printf '第二十条 违反本条例第十条第八项规定的，由公安机关责令改正。\n' >"$D/条例.txt"
"$M" --index "$I" -q "$D"

# ---- the page: JSON a parser reads back to the same text ------------------
"$S" --index "$I" --json 形式主义 >"$tmp/odd.json"
want=$(sed -n 3p "$odd")
got=$(jq -r '.results[0].text' "$tmp/odd.json")
check lat2-json-text-round-trip "text [$got], the line [$want]" \
    [ -n "$got" ] && [ "$got" = "$want" ]
got=$(jq -r '.results[0].path' "$tmp/odd.json")
check lat2-json-path-round-trip "path [$got]" [ "$got" = "$odd" ]
# what the page must hold, byte for byte, as cJSON escaped it
printf '%s' '四风\t不力，\u0001存在\u001f形式主义' >"$tmp/e1"
printf '%s' '\"顶风违纪\"' >"$tmp/e2"
printf '%s' '引号\"与\\斜杠' >"$tmp/e3"
check lat2-json-escapes "the tab, U+0001, U+001F, quotes and backslashes escaped; no raw control byte but DEL (cJSON keeps it)" \
    sh -c "grep -F -q -f '$tmp/e1' '$tmp/odd.json' && grep -F -q -f '$tmp/e2' '$tmp/odd.json' &&
           grep -F -q -f '$tmp/e3' '$tmp/odd.json' &&
           ! LC_ALL=C tr -d '\\t\\n\\177' <'$tmp/odd.json' | LC_ALL=C grep -q '[[:cntrl:]]'"
check lat2-json-layout "cJSON's layout: a tab after each key's colon, nested objects indented by tabs" \
    sh -c "head -3 '$tmp/odd.json' | od -c | grep -q 'v   e   r   s   i   o   n   \"   :  \\\\t   1' &&
           grep -q '^	\"results\":	\\[{$' '$tmp/odd.json' &&
           grep -q '^			\"rank\":	1,$' '$tmp/odd.json' &&
           grep -q '^		}\\]$' '$tmp/odd.json'"
check lat2-json-astral "astral characters as they are (UTF-8, not \\u escapes)" \
    grep -q '𠮷𠀀字' "$tmp/odd.json"
"$S" --index "$I" --json -n 2 '"防止反弹"' >"$tmp/long.json"
jq -r '.results[0].text' "$tmp/long.json" >"$tmp/piece"
n=$(wc -m <"$tmp/piece")
check lat2-json-long-line "a piece of the long line ($n characters) read back as it stands in the file" \
    sh -c "[ $n -gt 300 ] && grep -F -q -f '$tmp/piece' '$D/长段落.txt'"
# JSONL: each line an object with the page's fields (and the query)
"$S" --index "$I" --jsonl 形式主义 >"$tmp/odd.jsonl"
check lat2-jsonl-equals-page "a JSONL line is the page's result with the query first" \
    sh -c "[ \"\$(jq -c 'del(.query)' '$tmp/odd.jsonl')\" = \"\$(jq -c '.results[]' '$tmp/odd.json')\" ] &&
           jq -e '.query == \"形式主义\"' '$tmp/odd.jsonl' >/dev/null"
# errors and --files under --json: still JSON
"$S" --index "$I" --json --files 四风 >"$tmp/files.json"
check lat2-json-files "--files --json: the odd path among the files" \
    sh -c "jq -e --arg p '$odd' '.version == 1 and (.files | index(\$p)) != null' '$tmp/files.json' >/dev/null"
"$S" --index "$tmp/none" --json 四风 >"$tmp/err.json" 2>/dev/null
check lat2-json-error "an error as one JSON line: $(cat "$tmp/err.json")" \
    sh -c "[ \$(wc -l <'$tmp/err.json') = 1 ] && jq -e '.version == 1 and (.error.code | length) > 0' '$tmp/err.json' >/dev/null"

# ---- the sense marks, through the pair table --------------------------------
j=$("$S" --index "$I" --json 八项规定)
marks=$(printf '%s' "$j" | jq -r '[.results[] | "\(.sense):\(.sense_word)"] | sort | join(" ")')
check lat2-sense-marks "own and other senses: [$marks]" \
    [ "$marks" = "other:第八项 own:null" ]

# ---- the server sends what the command line prints -------------------------
command -v curl >/dev/null 2>&1 || {
    echo "ok lat2-serve # SKIP curl is not installed (make deps installs it)"; exit 0; }
start_server "$I"
same_served lat2-served-odd 形式主义
same_served lat2-served-quotes '"顶风违纪"'
same_served lat2-served-long 防止反弹 -n 3 --offset 1 -- --data-urlencode n=3 --data-urlencode offset=1
same_served lat2-served-astral 𠮷
same_served lat2-served-none 没有这个词
# the passage API: the odd passage's text, as the page gave it
hb=$(jq -r '.results[0].byte_start' "$tmp/odd.json")
curl -s -G --data-urlencode "path=$odd" --data-urlencode "byte=$hb" \
    "$base/api/passage" >"$tmp/passage.json"
check lat2-served-passage "the passage's text is the result's: $(head -c 300 "$tmp/passage.json")" \
    sh -c "[ \"\$(jq -r '.passages[.target].text' '$tmp/passage.json')\" = \"\$(jq -r '.results[0].text' '$tmp/odd.json')\" ] &&
           grep -q '^	\"passages\":	\\[{$' '$tmp/passage.json'"
curl -s "$base/api/status" >"$tmp/status.json"
check lat2-served-status "status: $(tr -d '\n\t' <"$tmp/status.json")" \
    sh -c "jq -e '.version == 1 and .ok == true and .passages > 150 and (.indexes | length) == 1' '$tmp/status.json' >/dev/null"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
