#!/bin/sh
# e2e_docs.sh — what the README, the man pages and --help promise a new
# user, checked against what the code does: the package list, the formats
# read, the set-up line, and the query quotes and "--" the docs describe.
# Prints "ok NAME" / "not ok NAME: why".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root="$here/.."
readme="$root/README.md"

# ---- the package list: the README names exactly what make deps installs ----
pkgs=$(make -s --no-print-directory -C "$root" deps-list)
# the README's paragraph about make deps, up to its first blank line
para=$(awk '/^\(`make deps` installs/ {on = 1} on && /^$/ {exit} on' "$readme")
named=$(printf '%s\n' "$para" | tr '\n' ' ' | grep -o '`[^`]*`' | grep -v '^`make ' | tr -d '`' | tr ' ' '\n' |
        grep -E '^[a-z0-9][a-z0-9.+-]+$' | grep -v -e '^make$' -e '^\.' | sort -u)
want=$(printf '%s\n' $pkgs | grep -v '^make$' | sort -u)
check readme-packages-are-make-deps "README names [$(echo $named)], make deps installs [$(echo $want)]" \
    [ "$named" = "$want" ]
check readme-setup-updates-apt "the set-up line must start with apt-get update (empty apt lists on a stock image)" \
    grep -q '^    apt-get update && apt-get install -y make && make deps' "$readme"

# ---- every format mzindex reads is named in --help, the man pages and the README's opening ----
exts=$(grep -o '{"\.[a-z]*", K_' "$root/indexer/extract.c" | sed 's/{"\(\.[a-z]*\)".*/\1/')
check formats-found "no extensions found in indexer/extract.c" [ -n "$exts" ]
help=$("$M" --help)
opening=$(sed -n '1,/^## /p' "$readme")
for e in $exts; do
    check "help-names-$e" "mzindex --help does not name $e" \
        sh -c 'printf "%s\n" "$1" | grep -q -- "$2\([^a-z]\|$\)"' _ "$help" "$e"
    check "man-mzindex-names-$e" "man/mzindex.1 does not name $e" \
        grep -q -- "fB$e\\\\fR" "$root/man/mzindex.1"
    check "man-mzsearch-names-$e" "man/mzsearch.1 does not name $e" \
        grep -q -- "fB$e\\\\fR" "$root/man/mzsearch.1"
    check "readme-opening-names-$e" "the README's first paragraph does not name $e" \
        sh -c 'printf "%s\n" "$1" | grep -q -- "\`$2\`"' _ "$opening" "$e"
done

# ---- the quotes and "--" the docs describe ---------------------------------
D="$tmp/docs"; I="$tmp/idx"
mkdir -p "$D"
cat >"$D/学习体会.txt" <<'TXT'
关于学习强国平台使用情况的说明
一、基本情况
支部党员每天登录学习 强国平台，坚持每日一学。
部分同志把学习强国当成任务，存在应付现象。
有的同志只打开学习页面，强国故事栏目很少看。
支部用app打卡学习，还需加强督促。
TXT
"$M" --quiet --index "$I" "$D"
c() { "$S" --index "$I" --count "$@" 2>/dev/null; }
check ascii-quotes-phrase "\"学习 强国\" counted $(c '"学习 强国"')" [ "$(c '"学习 强国"')" = 1 ]
check curly-quotes-phrase "“学习 强国” counted $(c '“学习 强国”'), \"学习 强国\" $(c '"学习 强国"')" \
    [ "$(c '“学习 强国”')" = "$(c '"学习 强国"')" ]
check unquoted-words-and "学习 强国 counted $(c '学习 强国')" [ "$(c '学习 强国')" = 4 ]
check curly-quotes-inside-word "“学习”强国 counted $(c '“学习”强国')" [ "$(c '“学习”强国')" = 1 ]
check dashdash-excludes-latin "学习 -- -app counted $(c 学习 -- -app)" [ "$(c 学习 -- -app)" = 4 ]
"$S" --index "$I" 学习 -app >/dev/null 2>"$tmp/err"; rc=$?
check dash-latin-is-option "rc=$rc $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q \"unknown option '-app'.* put it after --\" '$tmp/err'"
check quoted-hyphen-word "'\"-app\"' counted $(c 学习 -- '"-app"')" [ "$(c 学习 -- '"-app"')" = 1 ]
