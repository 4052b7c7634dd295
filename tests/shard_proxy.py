#!/usr/bin/python3
"""shard_proxy.py PORT_FILE LOG TARGET_PORT - a loopback TCP relay in front
of xapian-tcpsrv that counts what goes through it (tests/e2e_shards7.sh).

Listens on a free loopback port (written to PORT_FILE once it listens) and
relays each connection to 127.0.0.1:TARGET_PORT.  When a connection ends,
appends one line to LOG: the bytes the client sent, the bytes the server
sent back, how many requests the client made (Xapian's remote protocol:
each message a type byte, its length, then the message) and how many of
those asked for a document (type 2: these a client may send many at once
and read the answers after).  Runs until killed."""
import socket
import sys
import threading


def messages(buf):
    """How many whole messages buf starts with, how many of them ask for a
    document, and the bytes left over.
    A length under 255 is one byte; else 255, then the rest (less 255) in
    7-bit groups, low first, the last group's high bit set."""
    n, docs, i = 0, 0, 0
    while len(buf) - i >= 2:
        j = i + 2
        size = buf[i + 1]
        if size == 255:
            size, shift = 0, 0
            while True:
                if j >= len(buf):
                    return n, docs, buf[i:]
                ch = buf[j]
                j += 1
                size |= (ch & 0x7f) << shift
                shift += 7
                if ch & 0x80:
                    break
            size += 255
        if len(buf) - j < size:
            break
        n += 1
        docs += buf[i] == 2
        i = j + size
    return n, docs, buf[i:]


def pump(src, dst, counts, key, lock):
    rest = b""
    while True:
        try:
            data = src.recv(65536)
        except OSError:
            data = b""
        if not data:
            break
        with lock:
            counts[key] += len(data)
            if key == "up":
                n, docs, rest = messages(rest + data)
                counts["asks"] += n
                counts["docs"] += docs
        try:
            dst.sendall(data)
        except OSError:
            break
    for s in (dst, src):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def relay(client, target, log):
    server = socket.create_connection(("127.0.0.1", target))
    for s in (client, server):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    counts = {"up": 0, "down": 0, "asks": 0, "docs": 0}
    lock = threading.Lock()
    t = threading.Thread(target=pump, args=(server, client, counts, "down", lock))
    t.start()
    pump(client, server, counts, "up", lock)
    t.join()
    client.close()
    server.close()
    with open(log, "a") as f:
        f.write("%d %d %d %d\n" % (counts["up"], counts["down"], counts["asks"],
                                     counts["docs"]))


def main():
    port_file, log, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % ls.getsockname()[1])
    import os
    os.rename(port_file + ".tmp", port_file)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=relay, args=(c, target, log), daemon=True).start()


if __name__ == "__main__":
    main()
