#!/bin/sh
# e2e_library.sh — libmzsearch as a program outside the tree uses it: the
# header, the static and shared libraries and mzsearch.pc that `make
# install` puts under a temporary DESTDIR (make test makes it and passes it
# in MZ_DESTDIR), the symbols the shared library exports, and
# examples/search.c built through pkg-config, run against an index.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
D=$MZ_DESTDIR
if [ -z "$D" ] || [ ! -d "$D" ]; then
    echo "ok library # SKIP MZ_DESTDIR not set: run through make test"
    exit 0
fi
inc=$D/usr/include lib=$D/usr/lib
cc=${MZ_CC:-cc}
pc() { PKG_CONFIG_SYSROOT_DIR=$D PKG_CONFIG_PATH=$lib/pkgconfig pkg-config "$@"; }

check library-installed "make install puts the header, both libraries and mzsearch.pc in place" \
    test -f "$inc/mzsearch.h" -a -f "$lib/libmzsearch.a" -a -f "$lib/libmzsearch.so.0" \
         -a -L "$lib/libmzsearch.so" -a -f "$lib/pkgconfig/mzsearch.pc"
flags=$(pc --cflags --libs mzsearch 2>&1)
check library-pkg-config "pkg-config mzsearch names the header's folder and -lmzsearch ($flags)" \
    sh -c 'echo "$1" | grep -q -- "-I$2 " && echo "$1" | grep -q -- "-L$3 -lmzsearch"' _ "$flags" "$inc" "$lib"

# The shared library exports the functions the header declares, and nothing
# else (its code is built with -fvisibility=hidden).
grep '^MZ_PUBLIC' "$inc/mzsearch.h" | grep -o 'mz_[a-z0-9_]*(' | tr -d '(' |
    sort >"$tmp/declared"
nm -D --defined-only "$lib/libmzsearch.so.0" | awk '{print $3}' | sort >"$tmp/exported"
check library-symbols "the exported symbols are the header's functions: $(diff "$tmp/declared" "$tmp/exported" | tr '\n' ' ')" \
    sh -c 'test -s "$1" && cmp -s "$1" "$2"' _ "$tmp/declared" "$tmp/exported"

# The example, linked with the shared library through pkg-config.
if $cc $MZ_SAN -Wall -o "$tmp/search" "$here/../examples/search.c" \
        $(pc --cflags --libs mzsearch) 2>"$tmp/cc.err"; then
    ok example-builds
else
    no example-builds "$(head -c 300 "$tmp/cc.err")"
fi
check example-shared "the example loads libmzsearch.so.0" \
    sh -c 'readelf -d "$1" | grep -q "NEEDED.*libmzsearch.so.0"' _ "$tmp/search"

mkdir -p "$tmp/docs"
cp "$here/fixtures/班子对照检查材料.txt" "$here/fixtures/学习心得-bom.txt" "$tmp/docs/"
"$M" --index "$tmp/idx" "$tmp/docs" >/dev/null 2>&1
LD_LIBRARY_PATH=$lib "$tmp/search" "$tmp/idx" 四风 >"$tmp/ex.out" 2>"$tmp/ex.err"
rc=$?
"$S" --index "$tmp/idx" --json 四风 | jq -r '.results[] | "\(.path):\(.line_start)"' >"$tmp/s.out"
check example-runs "search INDEX 四风 exits 0 and prints only path:line lines (rc $rc: $(head -c 200 "$tmp/ex.err"))" \
    sh -c '[ "$1" = 0 ] && [ -s "$2" ] && ! grep -qv "^/.*:[0-9][0-9]*$" "$2"' _ "$rc" "$tmp/ex.out"
check example-same-as-mzsearch "the example's path:line lines are mzsearch's results, in order" \
    cmp -s "$tmp/ex.out" "$tmp/s.out"
LD_LIBRARY_PATH=$lib "$tmp/search" "$tmp/nothere" 四风 >/dev/null 2>"$tmp/ex.err"
rc=$?
check example-error "a missing index: status 2 and the library's sentence ($rc: $(cat "$tmp/ex.err"))" \
    sh -c '[ "$1" = 2 ] && grep -q "no index at .*nothere" "$2"' _ "$rc" "$tmp/ex.err"
LD_LIBRARY_PATH=$lib "$tmp/search" "$tmp/idx" "，。" >/dev/null 2>"$tmp/ex.err"
check example-bad-query "a query of punctuation: the library says why" \
    grep -q "nothing searchable" "$tmp/ex.err"

# The same program linked with the static library (no libmzsearch.so).
if $cc $MZ_SAN -o "$tmp/search-static" "$here/../examples/search.c" \
        $(pc --cflags mzsearch) "$lib/libmzsearch.a" \
        $(pc --static --libs mzsearch | sed 's/-lmzsearch//') 2>"$tmp/cc.err"; then
    "$tmp/search-static" "$tmp/idx" 四风 >"$tmp/st.out" 2>&1
    check example-static "linked with libmzsearch.a, the same lines" \
        sh -c '! readelf -d "$1" | grep -q libmzsearch && cmp -s "$2" "$3"' _ \
        "$tmp/search-static" "$tmp/st.out" "$tmp/s.out"
else
    no example-static "$(head -c 300 "$tmp/cc.err")"
fi
