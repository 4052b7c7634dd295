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
cp "$here/fixtures/班子对照检查材料.txt" "$tmp/docs/副本.txt"   # near copies: also_in
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

# Every field of a result, as the library gives it, against mzsearch --json
# (tests/lib_fields.c prints them one a line).
$cc $MZ_SAN -o "$tmp/fields" "$here/lib_fields.c" $(pc --cflags --libs mzsearch) 2>"$tmp/cc.err" ||
    no fields-builds "$(head -c 300 "$tmp/cc.err")"
fields() { LD_LIBRARY_PATH=$lib "$tmp/fields" "$tmp/idx" "$@"; }
json() { "$S" --index "$tmp/idx" --json -n 5 "$@"; }
fields page 四风 >"$tmp/f.lib" 2>&1
json 四风 | jq -r '"total=\(.total)", "total_exact=\(.total_exact)", (.results[] |
    "rank=\(.rank)", "path=\(.path)", "title=\(.title)",
    "section\(if (.section|length) > 0 then "=" + (.section|join("|")) else "" end)",
    "kind=\(.kind)", "line_start=\(.line_start)", "line_end=\(.line_end)",
    "column=\(.column // 0)", "byte_start=\(.byte_start)", "byte_end=\(.byte_end)",
    "snippet=\(.snippet)",
    "highlights\(if (.highlights|length) > 0 then "=" + ([.highlights[] | "\(.start)-\(.end)"]|join("|")) else "" end)",
    "text=\(.text)",
    "matched\(if (.matched|length) > 0 then "=" + (.matched|join("|")) else "" end)",
    "literal=\(.literal)", "via=\(.via)", "year=\(.year // 0)", "type=\(.type)",
    "sense=\(.sense)", "sense_word=\(.sense_word)",
    "also_in\(if (.also_in|length) > 0 then "=" + ([.also_in[] | "\(.path):\(.line_start):\(.column // 0)"]|join("|")) else "" end)",
    "genre=\(.genre)", "top_folder=\(.top_folder)")' \
    >"$tmp/f.cli"
check fields-every-result "each result's fields (rank … also_in) equal mzsearch --json's: $(diff "$tmp/f.lib" "$tmp/f.cli" | head -c 300)" \
    sh -c '[ -s "$1" ] && grep -q "^also_in=" "$1" && cmp -s "$1" "$2"' _ "$tmp/f.lib" "$tmp/f.cli"
fields count 四风 >"$tmp/c.lib"
"$S" --index "$tmp/idx" --count 四风 | sed 's/^/count=/' >"$tmp/c.cli"
check fields-count "MZ_SEARCH_COUNT equals mzsearch --count" cmp -s "$tmp/c.lib" "$tmp/c.cli"
fields files 四风 >"$tmp/fl.lib"
"$S" --index "$tmp/idx" --files -n 5 四风 >"$tmp/fl.cli"
check fields-files "MZ_SEARCH_FILES equals mzsearch --files -n 5" \
    sh -c '[ -s "$1" ] && cmp -s "$1" "$2"' _ "$tmp/fl.lib" "$tmp/fl.cli"
fields facets 四风 >"$tmp/fa.lib"
json 四风 | jq -r '.facets | (to_entries[] | select(.key != "over") | .key as $k |
    .value | to_entries[] | "\($k):\(.key)=\(.value)"), "over=\(.over)"' >"$tmp/fa.cli"
check fields-facets "the facets equal mzsearch --json's: $(diff "$tmp/fa.lib" "$tmp/fa.cli" | head -c 300)" \
    sh -c '[ -s "$1" ] && cmp -s "$1" "$2"' _ "$tmp/fa.lib" "$tmp/fa.cli"
