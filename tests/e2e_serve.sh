#!/bin/sh
# e2e_serve.sh — mzsearch --serve as a user and a tool meet it: the JSON
# API against mzsearch --json, the passage around a hit, errors, caps and
# headers, a hostile document kept as text, the live index across updates
# and rebuilds, concurrent clients, SIGTERM.  The browser test of the page
# is tests/browser_serve.py (run from here when chromium is installed).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
unset MZSEARCH_INDEX NO_COLOR
export XDG_DATA_HOME="$tmp/xdg"

command -v curl >/dev/null 2>&1 || {
    echo "ok serve # SKIP curl is not installed (make deps installs it)"; exit 0; }

docs="$tmp/docs"
mkdir -p "$docs"
cp "$here/fixtures/班子对照检查材料.txt" "$here/fixtures/发言提纲.md" "$docs/"
cat >"$docs/2022年个人对照检查材料.txt" <<'EOF'
2022年度组织生活会个人对照检查材料
一、存在的问题
我在开展批评时存在好人主义思想，怕得罪人，对身边同志的缺点提醒不够。
学习不够系统，满足于读报纸、看文件，用理论指导整改实践还有差距。
二、整改措施
带头开展批评和自我批评，克服好人主义，坚持真理、修正错误。
EOF
# a document that holds markup: it must come back as text, never as markup
cat >"$docs/恶意标记.txt" <<'EOF'
关于标记测试的说明材料
一、存在的问题
好人主义标记<script>document.title='pwned'</script>一段文字。
好人主义图片<img src=x onerror="document.title='pwned'">一段文字。
好人主义链接<a href="javascript:document.title='pwned'">点这里</a>一段文字。
EOF
# many different passages with one word: pages of results, and a large
# answer for the SIGTERM check
i=1; while [ $i -le 150 ]; do
    set -- 理论学习流于形式 调查研究浮于表面 督促检查失之于宽 谈心谈话次数偏少 \
        制度执行打了折扣 基层减负成效不彰 意识形态阵地管理松散
    eval "x=\${$((i % 7 + 1))}"
    set -- 干部群众反映较多 上级巡视也曾指出 自查中发现苗头 民主评议时有人提出 专项检查查出问题
    eval "y=\${$((i % 5 + 1))}"
    set -- 限期整改到位 建立长效机制 明确责任分工 加强跟踪问效 纳入年度考核 开展专项治理
    eval "z=\${$((i % 6 + 1))}"
    echo "第${i}条批评意见：${x}，${y}，要求${z}。"
    i=$((i + 1)); done >"$docs/长篇材料.txt"
idx="$tmp/idx"
"$M" --index "$idx" --quiet "$docs" 2>/dev/null

# get URL-PATH [curl args...]: the body into $tmp/body, the status into $code
get() {
    _p=$1; shift
    code=$(curl -s -o "$tmp/body" -w '%{http_code}' "$@" "$base$_p")
}
# search Q [k=v...]: GET /api/search with each parameter URL-encoded
search() {
    _q=$1; shift
    set -- --data-urlencode "q=$_q" "$@"
    code=$(curl -s -G -o "$tmp/body" -w '%{http_code}' "$@" "$base/api/search")
}
no_elapsed() { grep -v '"elapsed_ms":' "$1"; }

start_server "$idx"
check serve-starts "a bare PORT serves on 127.0.0.1 and says where" \
    test -n "$port"
# /proc/net/tcp: the listening socket's local address is 127.0.0.1 (0100007F)
hexport=$(printf '%04X' "${port:-0}")
check serve-binds-loopback-only "a bare PORT must listen on 127.0.0.1 only" \
    grep -q " 0100007F:$hexport 00000000:0000 0A " /proc/net/tcp

# ---- 2. the API equals mzsearch --json --------------------------------------
same_as_cli() { # NAME "CLI ARGS" QUERY [curl --data-urlencode k=v ...]
    _name=$1 _cli=$2 _q=$3; shift 3
    search "$_q" "$@"
    # shellcheck disable=SC2086
    "$S" --index "$idx" --json $_cli -- $_q >"$tmp/cli.json" 2>/dev/null
    no_elapsed "$tmp/body" >"$tmp/a"; no_elapsed "$tmp/cli.json" >"$tmp/b"
    if [ "$code" = 200 ] && [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then
        ok "$_name"
    else
        no "$_name" "/api/search ($code) differs from mzsearch --json $_cli $_q: $(diff "$tmp/a" "$tmp/b" | head -5 | tr '\n' ' ')"
    fi
}
same_as_cli api-search-equals-cli "" 好人主义
same_as_cli api-search-equals-cli-paged "-n 2 --offset 1" 好人主义 \
    --data-urlencode n=2 --data-urlencode offset=1
same_as_cli api-search-equals-cli-kind "--kind measures" 好人主义 \
    --data-urlencode kind=measures
same_as_cli api-search-equals-cli-type "--type personal" 好人主义 \
    --data-urlencode type=personal
same_as_cli api-search-equals-cli-year "--year 2022" 好人主义 \
    --data-urlencode year=2022
same_as_cli api-search-equals-cli-exact "--exact" 好人主义 \
    --data-urlencode exact=1
same_as_cli api-search-equals-cli-syntax "" "好人主义 -圈子文化" 
same_as_cli api-search-equals-cli-or "-n 3" "圈子文化 OR 怕得罪人" \
    --data-urlencode n=3
same_as_cli api-search-equals-cli-none "" 没有这个词语
search 好人主义
check api-search-has-facets "the JSON carries the facet counts the page shows" \
    sh -c "jq -e '.facets.kind.problems > 0 and .facets.type.personal > 0' '$tmp/body' >/dev/null"

# errors: the CLI's JSON error object, with fitting HTTP statuses
search ""
"$S" --index "$idx" --json "" >"$tmp/cli.json" 2>/dev/null
check api-error-empty-query "an empty q: 400 and the CLI's empty_query object" \
    sh -c "[ '$code' = 400 ] && cmp -s '$tmp/body' '$tmp/cli.json'"
search 好人主义 --data-urlencode kind=nonsense
check api-error-bad-filter "kind=nonsense: 400 bad_option" \
    sh -c "[ '$code' = 400 ] && jq -e '.error.code == \"bad_option\"' '$tmp/body' >/dev/null"
get /api/nothing
check api-error-not-found "an unknown path: 404 not_found" \
    sh -c "[ '$code' = 404 ] && jq -e '.error.code == \"not_found\"' '$tmp/body' >/dev/null"
"$S" --serve 0 --index "$tmp/none" 2>"$tmp/serve2.err" & pid2=$!
sleep 0.3
port2=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve2.err")
code=$(curl -s -o "$tmp/body" -w '%{http_code}' "http://127.0.0.1:$port2/api/search?q=x")
check api-error-no-index "no index yet: 503 no_index (the server keeps running)" \
    sh -c "[ '$code' = 503 ] && jq -e '.error.code == \"no_index\"' '$tmp/body' >/dev/null"
kill "$pid2" 2>/dev/null; wait "$pid2" 2>/dev/null

# ---- /api/passage: from the index only ---------------------------------------
"$S" --index "$idx" --json -n 1 怕得罪人 >"$tmp/hit.json" 2>/dev/null
hp=$(jq -r '.results[0].path' "$tmp/hit.json")
hb=$(jq -r '.results[0].byte_start' "$tmp/hit.json")
code=$(curl -s -G -o "$tmp/body" -w '%{http_code}' --data-urlencode "path=$hp" \
    --data-urlencode "byte=$hb" --data-urlencode before=1 --data-urlencode after=2 \
    "$base/api/passage")
check api-passage-around-hit "the hit's passage with 1 before and 2 after, in file order" \
    sh -c "[ '$code' = 200 ] && jq -e '.target == 1 and (.passages | length) == 4 and
      (.passages[1].text | contains(\"怕得罪人\")) and
      .passages[0].line_start < .passages[1].line_start and
      .passages[2].line_start < .passages[3].line_start' '$tmp/body' >/dev/null"
check api-passage-text-equals-result "the passage is the result's text" \
    sh -c "[ \"\$(jq -r '.passages[1].text' '$tmp/body')\" = \"\$(jq -r '.results[0].text' '$tmp/hit.json')\" ]"
for p in /etc/passwd ../../../../etc/passwd "$docs/恶意标记.txt.bak"; do
    code=$(curl -s -G -o "$tmp/body" -w '%{http_code}' --data-urlencode "path=$p" \
        --data-urlencode byte=0 "$base/api/passage")
    [ "$code" = 404 ] && ! grep -q 'root:' "$tmp/body" || break
done
check api-passage-no-filesystem "a path not in the index is 404, never read from disk" \
    sh -c "[ '$code' = 404 ] && jq -e '.error.code == \"not_found\"' '$tmp/body' >/dev/null"

# ---- 4. security --------------------------------------------------------------
headers_ok() { # PATH: CSP without inline script, nosniff
    curl -s -D "$tmp/h" -o /dev/null "$base$1"
    grep -qi "^content-security-policy:.*script-src 'self'" "$tmp/h" &&
    ! grep -qi "^content-security-policy:.*unsafe-inline" "$tmp/h" &&
    grep -qi '^x-content-type-options: nosniff' "$tmp/h"
}
check sec-headers-page "/ is sent with a CSP that allows no inline script, and nosniff" \
    headers_ok /
check sec-headers-api "the API too" headers_ok '/api/search?q=%E5%A5%BD%E4%BA%BA'
check sec-page-no-inline-script "index.html loads its script from /app.js, none inline, no on* handlers" \
    sh -c "curl -s '$base/' >'$tmp/page' && grep -q '<script src=\"/app.js\"' '$tmp/page' &&
      ! grep -Eiq '<script>| on[a-z]+=|javascript:' '$tmp/page'"
check sec-page-no-html-sinks "app.js inserts text only (no innerHTML, outerHTML, insertAdjacentHTML, document.write, eval)" \
    sh -c "curl -s '$base/app.js' >'$tmp/js' && grep -q textContent '$tmp/js' &&
      ! grep -Eq 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function' '$tmp/js'"
check sec-page-no-cdn "every asset is served by mzsearch (nothing from elsewhere)" \
    sh -c "! grep -Eq 'https?://' '$tmp/page'"
search 好人主义标记
check sec-hostile-json-is-text "a document's <script> comes back as a JSON string, as written" \
    sh -c "jq -e '[.results[].text] | any(contains(\"<script>document.title\"))' '$tmp/body' >/dev/null"
m405=""
for m in POST PUT DELETE PATCH OPTIONS; do
    c=$(curl -s -o "$tmp/body" -w '%{http_code}' -X "$m" "$base/api/search?q=x")
    [ "$c" = 405 ] || m405="$m405 $m:$c"
done
check sec-read-only "POST, PUT, DELETE, PATCH, OPTIONS: 405 (read-only)" test -z "$m405"
code=$(head -c 200000 /dev/zero | tr '\0' x |
    curl -s -o /dev/null -w '%{http_code}' -X GET --data-binary @- "$base/api/status")
check sec-no-body "a GET with a body: 400, the body never read" test "$code" = 400
check serve-keep-alive "two requests on one connection (keep-alive)" \
    sh -c "curl -sv -o /dev/null -o /dev/null '$base/api/status' '$base/api/status' 2>&1 |
      grep -q 'Re-using existing connection'"
code=$(curl -s -o /dev/null -w '%{http_code}' -I "$base/api/status")
check sec-head-allowed "HEAD is answered" test "$code" = 200
search 好人主义 --data-urlencode n=101
check sec-cap-n "n above 100: 400 bad_option" \
    sh -c "[ '$code' = 400 ] && grep -q bad_option '$tmp/body'"
long=$(head -c 3000 /dev/zero | tr '\0' 'a')
search "$long $long"
check sec-cap-query "a query over 4,096 bytes: 400 bad_query" \
    sh -c "[ '$code' = 400 ] && grep -q bad_query '$tmp/body'"
huge=$(head -c 40000 /dev/zero | tr '\0' 'b')
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/search?q=$huge")
check sec-cap-request "a 40 KB request line is refused (4xx), the server lives on" \
    sh -c "[ '$code' -ge 400 ] && [ '$code' -lt 500 ] && curl -sf '$base/api/status' >/dev/null"
code=$(curl -s -o "$tmp/body" -w '%{http_code}' "$base/api/search?q=x&q2=y")
check sec-unknown-param "an unknown parameter: 400 naming it" \
    sh -c "[ '$code' = 400 ] && grep -q \"'q2'\" '$tmp/body'"

# ---- 6. concurrency: 16 clients at once ------------------------------------
seq 1 48 | xargs -P 16 -I{} sh -c \
    "curl -s -o /dev/null -w '%{http_code}\n' '$base/api/search?q=%E5%A5%BD%E4%BA%BA%E4%B8%BB%E4%B9%89&offset={}'" \
    >"$tmp/codes"
check serve-16-clients "48 searches from 16 clients at once: all 200" \
    sh -c "[ \$(grep -c '^200$' '$tmp/codes') = 48 ]"

# ---- 5. live index: updates and rebuilds -----------------------------------
search 新增的材料词语
before=$(jq -r .total "$tmp/body")
printf '补充材料\n新增的材料词语出现在这里。\n' >"$docs/补充.txt"
"$M" --index "$idx" --quiet 2>/dev/null
search 新增的材料词语
check live-after-update "the request after mzindex's update sees the new file" \
    sh -c "[ '$before' = 0 ] && [ \"\$(jq -r .total '$tmp/body')\" = 1 ]"
# requests in a loop while the index is rebuilt (and swapped) three times
# (each curl asks 10 times on one connection)
set --
for k in 1 2 3 4 5 6 7 8 9 10; do
    set -- "$@" -o /dev/null "$base/api/search?q=%E5%A5%BD%E4%BA%BA%E4%B8%BB%E4%B9%89"
done
( while [ ! -e "$tmp/stop" ]; do
      curl -s -w '%{http_code}\n' "$@"; done >"$tmp/loop" ) &
loop=$!
for r in 1 2 3 4 5; do
    printf '重建第%s次\n重建标记%s号出现在这里。\n' $r $r >"$docs/重建.txt"
    "$M" --index "$idx" --rebuild --quiet "$docs" 2>/dev/null
done
touch "$tmp/stop"; wait "$loop"
total=$(grep -c '' "$tmp/loop"); bad=$(grep -vc '^200$' "$tmp/loop")
check live-rebuild-no-errors "requests across 5 rebuilds: $bad of $total failed" \
    sh -c "[ '$total' -gt 0 ] && [ '$bad' = 0 ]"
search 重建标记5号
check live-after-rebuild "the request after a rebuild's swap sees the rebuilt index" \
    sh -c "[ \"\$(jq -r .total '$tmp/body')\" = 1 ]"
search 重建标记4号
check live-rebuild-old-gone "what only an earlier rebuild held is gone" \
    sh -c "[ \"\$(jq -r .total '$tmp/body')\" = 0 ]"

# ---- 7. the page in a real browser (when chromium is installed) ------------
# Debian's python3 (python3-selenium), not another one first in PATH
py=/usr/bin/python3; [ -x "$py" ] || py=python3
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 &&
   "$py" -c 'import selenium' 2>/dev/null; then
    timeout 120 "$py" "$here/browser_serve.py" "$base" 2>"$tmp/browser.err" ||
        no browser-serve "tests/browser_serve.py failed: $(tail -n 3 "$tmp/browser.err")"
else
    echo "ok browser-serve # SKIP chromium, chromium-driver or python3-selenium not installed (make deps)"
fi

# ---- 6. SIGTERM: the request in flight is answered, exit 0 ------------------
curl -s --limit-rate 40k -o "$tmp/slow" "$base/api/search?q=%E6%89%B9%E8%AF%84%E6%84%8F%E8%A7%81&n=100&all=1" &
slow=$!
sleep 0.3
kill -TERM "$pid"
wait "$pid"; rc=$?
wait "$slow"; src=$?
check serve-sigterm-exit-0 "SIGTERM: the server exits 0 (exit $rc)" test "$rc" = 0
check serve-sigterm-finishes-in-flight "the answer in flight at SIGTERM arrives whole (curl $src)" \
    sh -c "[ '$src' = 0 ] && jq -e '(.results | length) == 100' '$tmp/slow' >/dev/null"
check serve-sigterm-closed "after SIGTERM nothing listens on the port" \
    sh -c "! curl -s -o /dev/null '$base/api/status'"

# ---- 1. options ------------------------------------------------------------
MZSEARCH_THREADS=3 "$S" --serve 127.0.0.1:0 --index "$idx" 2>"$tmp/s3.err" & p3=$!
for _t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    grep -q 'serving http' "$tmp/s3.err" && break; sleep 0.1; done
p3port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/s3.err")
threads=$(curl -s "http://127.0.0.1:$p3port/api/status" | jq -r .threads)
kill -INT "$p3"; wait "$p3"; rc=$?
check serve-address-and-threads "--serve 127.0.0.1:0 with MZSEARCH_THREADS=3: a pool of 3, SIGINT exits 0 (threads $threads, exit $rc)" \
    sh -c "[ '$threads' = 3 ] && [ '$rc' = 0 ]"
"$S" --serve 99999 --index "$idx" 2>"$tmp/err"; rc=$?
check serve-bad-port "--serve 99999: exit 2 naming the form" \
    sh -c "[ '$rc' = 2 ] && grep -q 'ADDR:.PORT' '$tmp/err'"
"$S" --serve 8080 --index "$idx" 好人主义 2>"$tmp/err"; rc=$?
check serve-no-query-words "--serve with query words: exit 2" test "$rc" = 2

# ---- 9. the systemd units in contrib/ ---------------------------------------
c="$here/../contrib"
check contrib-server-unit "contrib/mzsearch.service runs mzsearch --serve on 127.0.0.1" \
    grep -q '^ExecStart=.*mzsearch --serve 127\.0\.0\.1:' "$c/mzsearch.service"
check contrib-nightly-timer "contrib/mzindex-update.timer starts the update service nightly" \
    sh -c "grep -q '^OnCalendar=\*-\*-\* 0' '$c/mzindex-update.timer' &&
      grep -q '^ExecStart=.*mzindex --index' '$c/mzindex-update.service'"
units_verify() { # what systemd-analyze says, less the programs not installed here
    systemd-analyze verify "$c/mzsearch.service" "$c/mzindex-update.service" \
        "$c/mzindex-update.timer" 2>&1 | grep -v 'is not executable' >"$tmp/verify"
    ! [ -s "$tmp/verify" ]
}
if command -v systemd-analyze >/dev/null 2>&1; then
    check contrib-units-verify "systemd-analyze verify: $(units_verify; head -c 300 "$tmp/verify")" \
        units_verify
fi

# ---- a search does not pay for the server -----------------------------------
check serve-not-linked "mzsearch loads libmicrohttpd only under --serve (a search starts without it)" \
    sh -c "! ldd '$S' | grep -q microhttpd"
