# on_tty.sh — sourced by the e2e scripts (through lib.sh, or by itself).
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
