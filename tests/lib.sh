# lib.sh — what every tests/e2e_*.sh shares: the programs under test, a
# temporary folder removed at the end, and the runner's lines "ok NAME" /
# "not ok NAME: why".  Use: here=$(cd "$(dirname "$0")" && pwd); . "$here/lib.sh"
B=${MZ_BUILD:-$here/../build}
M="$B/mzindex"
S="$B/mzsearch"
export LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT

ok() { echo "ok $1"; }
no() { echo "not ok $1: $2"; }
check() { # NAME WHY COMMAND...: ok when COMMAND succeeds
    name=$1 why=$2; shift 2
    if "$@"; then ok "$name"; else no "$name" "$why"; fi
}
# register FILE: an unrelated register of 150 lines, so that a topic's words
# are rare in a small test index, as they are in a real archive.
register() {
    awk 'BEGIN { for (i = 1; i <= 150; i++)
        printf "第%d项，办理群众来信%d件，按期答复。\n", i, i }' >"$1"
}
# rank_fixture NAME: $D holds tests/fixtures/rank/NAME/*.txt and an
# unrelated register (so that the topics' words are rare in the index, as in
# a real archive), indexed into $I.
rank_fixture() {
    D="$tmp/d" I="$tmp/i"
    mkdir -p "$D"
    cp "$here/fixtures/rank/$1/"*.txt "$D/"
    register "$D/来信登记.txt"
    "$M" --index "$I" -q "$D"
}
# index_checks INDEX: xapian-check passes on every database the index's
# stub names (the live one and, after a full build, its read-only base).
index_checks() {
    for _db in $(sed -n 's/^auto //p' "$1/XAPIANDB"); do
        xapian-check "$1/$_db" >/dev/null 2>&1 || return 1
    done
}
. "$here/on_tty.sh"

# start_server INDEX [OPTIONS...]: $pid and $port of a server on a free
# port of 127.0.0.1 (its stderr in $tmp/serve.err)
start_server() {
    _i=$1; shift
    "$S" --serve 0 --index "$_i" "$@" 2>"$tmp/serve.err" &
    pid=$!
    port=
    for _t in $(seq 1 50); do
        port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.err")
        [ -n "$port" ] && break
        sleep 0.1
    done
    base="http://127.0.0.1:$port"
}
# same_served NAME QUERY [CLI OPTIONS] -- [URL PARAMETERS]: the server's
# /api/search page (a server from start_server) is the command line's
# `--json` page on the index $I, byte for byte but for elapsed_ms
same_served() {
    _n=$1 _q=$2; shift 2
    _cli=; while [ $# -gt 0 ] && [ "$1" != -- ]; do _cli="$_cli $1"; shift; done
    [ $# -gt 0 ] && shift
    "$S" --index "$I" --json $_cli -- "$_q" | grep -v elapsed_ms >"$tmp/cli"
    curl -s -G --data-urlencode "q=$_q" "$@" "$base/api/search" |
        grep -v elapsed_ms >"$tmp/srv"
    check "$_n" "$(diff "$tmp/cli" "$tmp/srv" | head -4)" \
        sh -c "[ -s '$tmp/cli' ] && cmp -s '$tmp/cli' '$tmp/srv'"
}
# tcpsrv_cleanup: xapian-tcpsrv sends a SIGTERM it gets on to its whole
# process group (the test and the runner too), so the servers a test
# starts (their pids in $srvs) are stopped with SIGKILL by stop_servers,
# also at exit
tcpsrv_cleanup() {
    srvs=
    trap 'exit 2' INT TERM HUP
    trap 'stop_servers; kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
}
stop_servers() {
    for _p in $srvs; do kill -KILL "$_p" 2>/dev/null; wait "$_p" 2>/dev/null; done
    srvs=
}
# tcpsrv_start INDEX: xapian-tcpsrv serving INDEX on a free loopback port
# (its pid added to $srvs, its log in $tmp/srv.log), its URL in $url; up
# when a search for a word in no passage answers (exit 1).  Fails when no
# port was found in 10 tries.
tcpsrv_start() {
    url=
    for _try in 1 2 3 4 5 6 7 8 9 10; do
        _p=$((20000 + ($$ * 37 + _try * 7919 + ${#srvs} * 131) % 40000))
        xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$_p" "$1" >>"$tmp/srv.log" 2>&1 &
        _pid=$!
        srvs="$srvs $_pid"
        for _w in $(seq 1 30); do
            kill -0 "$_pid" 2>/dev/null || break
            "$S" --index "tcp://127.0.0.1:$_p" --count 无此词语 >/dev/null 2>&1
            [ $? = 1 ] && { url="tcp://127.0.0.1:$_p"; return 0; }
            sleep 0.1
        done
        kill -KILL "$_pid" 2>/dev/null; wait "$_pid" 2>/dev/null
    done
    return 1
}
