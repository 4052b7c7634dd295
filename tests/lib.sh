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
# index_checks INDEX: xapian-check passes on every database the index's
# stub names (the live one and, after a full build, its read-only base).
index_checks() {
    for _db in $(sed -n 's/^auto //p' "$1/XAPIANDB"); do
        xapian-check "$1/$_db" >/dev/null 2>&1 || return 1
    done
}
# on_tty CMD ARG...: CMD with its standard output on a pseudo-terminal, as a
# user at a terminal sees it (standard input /dev/null, stderr dropped);
# prints what it wrote, "\r\n" made "\n", and exits with its status.
on_tty() {
    python3 -c '
import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=s,
                     stderr=subprocess.DEVNULL)
os.close(s)
out = b""
while True:
    try: d = os.read(m, 65536)
    except OSError: break
    if not d: break
    out += d
sys.stdout.buffer.write(out.replace(b"\r\n", b"\n"))
sys.exit(p.wait())' "$@"
}
