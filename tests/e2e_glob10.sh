#!/bin/sh
# e2e_glob10.sh — -g/--glob answered inside one index: a folder whose
# indexed files the globs all keep (or all leave out) is named by its place
# term, the other files one by one.  The answer must be the file-by-file one
# in every case where a folder's term could say more or less than its
# files: several roots, a root inside another, a root that is a file,
# folder names that begin alike (DLC, DLC2) or differ in case (dlc), '!'
# exclusions, '**' inside a glob, and files changed and deleted after the
# build (base passages buried by tombstones, new ones in the live
# database).  The file-by-file answer is the one mzsearch gives over two
# shards (the index and an empty one), where each match's path is checked.
# No output shows which terms were used: these are equality checks.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

T="$tmp/t" I="$tmp/i" E="$tmp/e"
# note PATH WORD: a short notice holding 调查研究
note() {
    mkdir -p "$(dirname "$T/$1")"
    printf '关于%s的通知\n各单位要加强调查研究，改进工作作风，%s。\n' \
        "$(basename "$1")" "$2" >"$T/$1"
}
for f in a/DLC/甲.md a/DLC/sub/乙.txt a/DLC/sub/深/丙.md a/DLC2/丁.md \
    a/dlc/戊.md a/其他/己.txt a/顶.md a/nest/庚.md a/nest/in/辛.txt \
    b/DLC/壬.md b/notes/癸.txt single.md; do
    note "$f" 按期完成
done
# a register, so that an update of a few files keeps the read-only base,
# and so that the files of root a (which holds root a/nest) are the fewer
for i in $(seq 1 24); do note "b/登记/第${i}号.txt" "登记第${i}号"; done
mkdir -p "$tmp/empty"
"$M" --index "$I" -q "$T/a" "$T/b" "$T/a/nest" "$T/single.md"
"$M" --index "$E" -q "$tmp/empty"
printf '%s\n%s\n' "$I" "$E" >"$tmp/shards"

# files IDX GLOB-ARGS...: the files of 调查研究 within the globs, sorted,
# relative to $T, one line
files() {
    _i=$1; shift
    "$S" --index "$_i" --files -n 1000 "$@" 调查研究 | sed "s|$T/||" |
        sort | tr '\n' ' '
}
# same NAME GLOB-ARGS...: one index answers as the match-by-match check
same() {
    _n=$1; shift
    _a=$(files "$I" "$@") _b=$(files "$tmp/shards" "$@")
    check "$_n" "index: $_a; file by file: $_b" [ "$_a" = "$_b" ]
    _a=$("$S" --index "$I" --count "$@" 调查研究)
    _b=$("$S" --index "$tmp/shards" --count "$@" 调查研究)
    check "$_n-count" "index: $_a; file by file: $_b" [ "$_a" = "$_b" ]
}

# ---- what a user sees: the folder's files, and no other folder's
check glob10-folder-two-roots "$(files "$I" -g 'DLC/**')" \
    [ "$(files "$I" -g 'DLC/**')" = "a/DLC/sub/乙.txt a/DLC/sub/深/丙.md a/DLC/甲.md b/DLC/壬.md " ]
check glob10-prefix-folder-apart "$(files "$I" -g 'DLC2/**')" \
    [ "$(files "$I" -g 'DLC2/**')" = "a/DLC2/丁.md " ]
check glob10-case-apart "$(files "$I" -g 'dlc/**')" \
    [ "$(files "$I" -g 'dlc/**')" = "a/dlc/戊.md " ]
# a root inside another: its files are its own root's, not a/nest/...
check glob10-inner-root "$(files "$I" -g 'nest/**')" [ "$(files "$I" -g 'nest/**')" = "" ]
check glob10-inner-root-own "$(files "$I" -g 'in/**')" \
    [ "$(files "$I" -g 'in/**')" = "a/nest/in/辛.txt " ]
# root a's files all kept, a/nest's with them (they carry no term of a)
r=$(files "$I" -g '!登记/')
check glob10-inner-root-kept-with-outer "$r" \
    [ "$r" = "a/DLC/sub/乙.txt a/DLC/sub/深/丙.md a/DLC/甲.md a/DLC2/丁.md a/dlc/戊.md a/nest/in/辛.txt a/nest/庚.md a/其他/己.txt a/顶.md b/DLC/壬.md b/notes/癸.txt single.md " ]
# leaving out a folder leaves out all it holds and nothing else
r=$(files "$I" -g '!DLC/' -g '!登记/')
check glob10-exclude-folders "$r" \
    [ "$r" = "a/DLC2/丁.md a/dlc/戊.md a/nest/in/辛.txt a/nest/庚.md a/其他/己.txt a/顶.md b/notes/癸.txt single.md " ]
r=$(files "$I" -g 'DLC/**' -g '!**/深/**')
check glob10-exclude-inside "$r" \
    [ "$r" = "a/DLC/sub/乙.txt a/DLC/甲.md b/DLC/壬.md " ]
check glob10-root-a-file "$(files "$I" -g '*.md' -g '!**/DLC*/**' -g '!nest/*' -g '!dlc/')" \
    [ "$(files "$I" -g '*.md' -g '!**/DLC*/**' -g '!nest/*' -g '!dlc/')" = "a/nest/庚.md a/顶.md single.md " ]

# ---- equal to the file-by-file answer in every tricky case
globs_run() {
    same "glob10-$1-all" -g '**'
    same "glob10-$1-dlc" -g 'DLC/**'
    same "glob10-$1-dlc-top" -g 'DLC/*'
    same "glob10-$1-dlc2" -g 'DLC2/**'
    same "glob10-$1-any-dlc" -g '**/DLC/**'
    same "glob10-$1-lower" -g 'dlc/**'
    same "glob10-$1-class" -g '[Dd]LC/**'
    same "glob10-$1-md" -g '*.md'
    same "glob10-$1-not-md" -g '!*.md'
    same "glob10-$1-not-dlc" -g '!DLC/**'
    same "glob10-$1-not-dlc-folder" -g '!DLC/'
    same "glob10-$1-not-sub" -g '!DLC/sub/'
    same "glob10-$1-deep" -g '**/深/**'
    same "glob10-$1-two" -g 'DLC/**' -g '登记/**'
    same "glob10-$1-but" -g 'DLC/**' -g '!**/深/**'
    same "glob10-$1-register-but-one" -g '登记/**' -g '!第7号.txt'
    same "glob10-$1-not-register" -g '!登记/'
    same "glob10-$1-nest" -g 'nest/**'
    same "glob10-$1-in" -g 'in/**'
    same "glob10-$1-single" -g 'single.md'
    same "glob10-$1-braces" -g '{DLC,DLC2}/**'
    same "glob10-$1-and-path" -g '*.txt' --path "$T/a"
    same "glob10-$1-folder-path" -g '!*.md' --path "$T/a/DLC"
}
globs_run build

# ---- after an update: a file rewritten, files deleted and added (the base
# keeps the old passages, buried by tombstones)
base1=$(sed -n '2s/^auto //p' "$I/XAPIANDB")
printf '改写后的通知\n调查研究要求更新。\n' >"$T/a/DLC/甲.md"
rm "$T/a/DLC/sub/深/丙.md" "$T/b/notes/癸.txt"
note a/DLC/新.md 新增
"$M" --index "$I" -q
check glob10-update-kept-base "XAPIANDB: $(cat "$I/XAPIANDB")" \
    [ "$(sed -n '2s/^auto //p' "$I/XAPIANDB")" = "$base1" ]
check glob10-update-folder "$(files "$I" -g 'DLC/**')" \
    [ "$(files "$I" -g 'DLC/**')" = "a/DLC/sub/乙.txt a/DLC/新.md a/DLC/甲.md b/DLC/壬.md " ]
check glob10-update-deleted-folder "$(files "$I" -g '**/深/**' -g 'notes/**')" \
    [ "$(files "$I" -g '**/深/**' -g 'notes/**')" = "" ]
r=$("$S" --index "$I" -g 'DLC/**' 改写后)
check glob10-update-rewritten "$r" sh -c "printf '%s' '$r' | grep -q 'a/DLC/甲.md'"
r=$("$S" --index "$I" -g 'DLC/**' --count 按期完成)
check glob10-update-old-text-gone "count $r" [ "$r" = 2 ]
globs_run update
