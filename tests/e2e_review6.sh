#!/bin/sh
# e2e_review6.sh — session 6's review: odd input through the real programs.
# The served API refuses a parameter holding a NUL byte (%00) instead of
# searching for what stands before it; a --json page whose passages need
# more escaping than its buffer was sized for (control characters: six
# bytes each) still prints whole, as the --jsonl lines do.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset MZSEARCH_INDEX NO_COLOR
export XDG_DATA_HOME="$tmp/xdg"
D="$tmp/d" I="$tmp/i"
mkdir -p "$D"
register "$D/来信登记.txt"
printf '一、存在的问题\n四风问题仍有反弹，风气不正。\n' >"$D/对照.txt"
# a paragraph of control characters around the word: ~1,800 of them, each
# printed as \u00XX, far past the page's estimate of its size
awk 'BEGIN { printf "一、杂项\n形式主义"; for (i = 0; i < 600; i++)
    printf "\001\002\037"; printf "形式主义结尾。\n" }' >"$D/控制字符.txt"
"$M" --index "$I" -q "$D"

# ---- a page that needs more than its estimate ------------------------------
"$S" --index "$I" --json 形式主义 >"$tmp/page.json"
"$S" --index "$I" --jsonl 形式主义 >"$tmp/lines.jsonl"
want=$(sed -n 2p "$D/控制字符.txt" | od -An -c | tr -d ' \n')
got=$(jq -r '.results[] | select(.path | endswith("控制字符.txt")) | .text' \
      "$tmp/page.json" | od -An -c | tr -d ' \n')
check review6-json-escapes-past-estimate "the --json page of a paragraph of control characters: its text [${got%"${got#??????????????????????????????}"}…] is the line" \
    [ -n "$want" ] && [ "$got" = "$want" ]
got2=$(jq -r 'select(.path | endswith("控制字符.txt")) | .text' \
       "$tmp/lines.jsonl" | od -An -c | tr -d ' \n')
check review6-json-page-as-lines "the --json page and the --jsonl line hold the same text" \
    [ "$got2" = "$want" ]

# ---- the served API: a NUL byte in a parameter -----------------------------
command -v curl >/dev/null 2>&1 || {
    echo "ok review6-serve # SKIP curl is not installed (make deps installs it)"
    exit 0; }
start_server "$I"
get() { code=$(curl -s -o "$tmp/body" -w '%{http_code}' "$base$1"); }

# q=四风%00作风: 400 bad_query, not a search for 四风 alone
get '/api/search?q=%E5%9B%9B%E9%A3%8E%00%E4%BD%9C%E9%A3%8E'
check review6-serve-nul-query "q with a NUL byte: $code $(cat "$tmp/body" | head -c 200)" \
    sh -c "[ '$code' = 400 ] && jq -e '.error.code == \"bad_query\" and
        (.error.message | contains(\"NUL\"))' '$tmp/body' >/dev/null"
# a passage's path with %00 and more after it: 400, not that passage
path=$(printf '%s' "$D/对照.txt" | jq -sRr @uri)
get "/api/passage?path=$path&byte=0"
first=$code
get "/api/passage?path=$path%00.bak&byte=0"
check review6-serve-nul-path "path=…%00.bak: $code (the path alone: $first)" \
    sh -c "[ '$first' = 200 ] && [ '$code' = 400 ] &&
        jq -e '.error.code == \"bad_option\"' '$tmp/body' >/dev/null"
# a lone surrogate (U+D800 as UTF-8 bytes) is not UTF-8: 400 bad_query
get '/api/search?q=%E5%9B%9B%ED%A0%80'
check review6-serve-lone-surrogate "q with U+D800's bytes: $code" \
    sh -c "[ '$code' = 400 ] &&
        jq -e '.error.code == \"bad_query\"' '$tmp/body' >/dev/null"
# and the server still answers
get '/api/search?q=%E5%9B%9B%E9%A3%8E'
check review6-serve-lives "a plain search after them: $code" \
    sh -c "[ '$code' = 200 ] && jq -e '.results | length > 0' '$tmp/body' >/dev/null"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
exit 0
