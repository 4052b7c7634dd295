#!/bin/sh
# e2e_genre.sh — the genre of each document (guessed at indexing), the
# material type (group/personal) from who speaks, and scope by place
# (--path, -g/--glob, the top folder): as a user sees them through mzindex
# and mzsearch, on short originals in each genre.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# ---- fixtures: one short original in each genre, in an archive of folders
A="$tmp/archive" I="$tmp/idx"
mkdir -p "$A/2022/局机关" "$A/2023/局机关" "$A/2023/下属单位" "$A/法规"
cat >"$A/2023/局机关/班子对照检查.txt" <<'EOF'
某局领导班子2023年度专题民主生活会对照检查材料
按照市委部署，局领导班子认真开展谈心谈话，广泛征求意见，现将对照检查情况报告如下。
一、存在的问题
（一）调查研究不够深入。班子到基层调研次数偏少，解决实际问题不多。
二、问题产生的原因
理想信念有所弱化，宗旨意识有所淡化。
三、整改措施
坚持调查研究，每季度深入基层不少于两次。
EOF
cat >"$A/2023/局机关/秘书代写.txt" <<'EOF'
# 落实巡察整改专题民主生活会对照检查材料

按照区委通知要求，本人认真查摆问题，剖析根源，明确方向，现对照检查如下。

一、存在的问题

一是调查研究不够经常。党组中心组学习时，本人带头研讨不够，调研多是听汇报。

二、原因剖析

自己放松了对主观世界的改造。
EOF
cat >"$A/2023/下属单位/整改报告.txt" <<'EOF'
中共某中心支部委员会关于巡察整改情况的报告
根据巡察组反馈意见，支部委员会逐条研究，现将整改情况报告如下。
一、整改工作开展情况
针对调查研究不深入的问题，制定调研计划，班子成员分片包干。
EOF
cat >"$A/2022/局机关/讲话.txt" <<'EOF'
在全局作风建设推进会上的讲话
同志们：
今天召开这次会议，就是要大兴调查研究之风，把作风建设引向深入。
谢谢大家！
EOF
cat >"$A/2022/局机关/工作报告.txt" <<'EOF'
2022年局机关工作报告
过去一年，局机关坚持调查研究，全年开展专题调研十二次，形成调研报告八篇。
EOF
cat >"$A/2022/局机关/通知.txt" <<'EOF'
关于开展调查研究月活动的通知
各科室：
现决定在全局开展调查研究月活动，请各科室认真组织。
特此通知。
EOF
cat >"$A/法规/宪法摘录.md" <<'EOF'
# 某国宪法（摘录）

序言

我国是世界上历史悠久的国家之一。我国各族人民共同创造了灿烂的文化。

第一条 国家机关开展调查研究，听取人民意见。

第二条 一切权力属于人民。

第三条 国家机构实行民主集中制的原则。
EOF
cat >"$A/法规/调研工作办法.md" <<'EOF'
# 机关调查研究工作办法

第一条 为规范调查研究工作，制定本办法。

第二条 调查研究应当深入基层。

第三条 本办法自印发之日起施行。
EOF
printf '调研随笔\n今天到村里走了走，调查研究让人看清了问题。\n' >"$A/随笔.txt"
"$M" --index "$I" -q "$A"

# ---- the index side: every passage carries its genre ("G" + code)
live="$I/$(sed -n '1s/^auto //p' "$I/XAPIANDB")"
base="$I/$(sed -n '2s/^auto //p' "$I/XAPIANDB")"
docs_with() { # TERM: how many passages of the base carry it
    xapian-delve -t "$1" "$base" 2>/dev/null | sed -n 's/.*termfreq \([0-9]*\).*/\1/p'
}
check index-genre-terms "review=$(docs_with Greview) rules=$(docs_with Grules)" \
    [ "$(docs_with Greview)" -gt 0 ] && [ "$(docs_with Grules)" -gt 0 ] && \
    [ "$(docs_with Grectify)" -gt 0 ] && [ "$(docs_with Gspeech)" -gt 0 ] && \
    [ "$(docs_with Greport)" -gt 0 ] && [ "$(docs_with Gnotice)" -gt 0 ] && \
    [ "$(docs_with Gother)" -gt 0 ]
check index-layout-4 "$(xapian-metadata get "$live" mz.layout)" \
    [ "$(xapian-metadata get "$live" mz.layout)" = 4 ]

# ---- an index of an older layout is rebuilt whole by the next update
IO="$tmp/old"
"$M" --index "$IO" -q "$A"
olive="$IO/$(sed -n '1s/^auto //p' "$IO/XAPIANDB")"
xapian-metadata set "$olive" mz.layout 2
out=$("$M" --index "$IO" 2>&1); rc=$?
nlive="$IO/$(sed -n '1s/^auto //p' "$IO/XAPIANDB")"
if [ "$rc" = 0 ] && printf '%s' "$out" | grep -q "has layout 2, older" && \
    [ "$(xapian-metadata get "$nlive" mz.layout)" = 4 ] && index_checks "$IO"; then
    ok old-layout-rebuilt; else no old-layout-rebuilt "rc=$rc out=$out"; fi
# ... and until then, --genre says what to do (a plain search still works)
IS="$tmp/stale"
"$M" --index "$IS" -q "$A"
xapian-metadata set "$IS/$(sed -n '1s/^auto //p' "$IS/XAPIANDB")" mz.layout 2
err=$("$S" --index "$IS" --genre rules 调查研究 2>&1 >/dev/null); rc=$?
check old-layout-genre-refused "rc=$rc $err" \
    sh -c '[ "$1" = 2 ] && printf "%s" "$2" | grep -q "has layout 2, older than --genre and --path need (4); update it with mzindex --index"' _ "$rc" "$err"
"$S" --index "$IS" 调查研究 >/dev/null; rc=$?
check old-layout-plain-search "rc=$rc" [ "$rc" = 0 ]

# ---- the genre of each document, in JSON
g() { # FILE: the genre mzsearch --json gives its passages
    "$S" --index "$I" --json -n 100 --all 调查研究 | \
        jq -r --arg f "$A/$1" '[.results[] | select(.path == $f) | .genre] | unique | join(",")'
}
check genre-review "$(g 2023/局机关/班子对照检查.txt)" [ "$(g 2023/局机关/班子对照检查.txt)" = review ]
check genre-review-benren "$(g 2023/局机关/秘书代写.txt)" [ "$(g 2023/局机关/秘书代写.txt)" = review ]
check genre-rectify "$(g 2023/下属单位/整改报告.txt)" [ "$(g 2023/下属单位/整改报告.txt)" = rectify ]
check genre-speech "$(g 2022/局机关/讲话.txt)" [ "$(g 2022/局机关/讲话.txt)" = speech ]
check genre-report "$(g 2022/局机关/工作报告.txt)" [ "$(g 2022/局机关/工作报告.txt)" = report ]
check genre-notice "$(g 2022/局机关/通知.txt)" [ "$(g 2022/局机关/通知.txt)" = notice ]
check genre-rules "$(g 法规/宪法摘录.md) $(g 法规/调研工作办法.md)" \
    [ "$(g 法规/宪法摘录.md) $(g 法规/调研工作办法.md)" = "rules rules" ]
check genre-other "$(g 随笔.txt)" [ "$(g 随笔.txt)" = other ]

# ---- --genre keeps to genres (a comma list, or the option again)
f() { "$S" --index "$I" --files "$@" | sed "s|$A/||" | sort | tr '\n' ' '; }
check genre-filter "$(f --genre rules 调查研究)" \
    [ "$(f --genre rules 调查研究)" = "法规/宪法摘录.md 法规/调研工作办法.md " ]
check genre-filter-list "$(f --genre speech,notice 调查研究)" \
    [ "$(f --genre speech,notice 调查研究)" = "2022/局机关/讲话.txt 2022/局机关/通知.txt " ]
check genre-filter-repeated "$(f --genre review --genre rectify 调查研究)" \
    [ "$(f --genre review --genre rectify 调查研究)" = "2023/下属单位/整改报告.txt 2023/局机关/班子对照检查.txt 2023/局机关/秘书代写.txt " ]
c=$("$S" --index "$I" --genre rules --count 调查研究)
check genre-count "$c (passages)" [ "$c" = 4 ]
err=$("$S" --index "$I" --genre law 调查研究 2>&1 >/dev/null); rc=$?
check genre-bad "rc=$rc $err" \
    sh -c '[ "$1" = 2 ] && printf "%s" "$2" | grep -q "genre takes review, rectify, speech, report, rules, notice or other.*not .law."' _ "$rc" "$err"
j=$("$S" --index "$I" --json --genre bogus 调查研究 2>/dev/null | jq -r .error.code)
check genre-bad-json "$j" [ "$j" = bad_option ]
fc=$("$S" --index "$I" --exact --json -n 100 调查研究 | jq -c '.facets.genre | to_entries | sort_by(.key) | from_entries')
check genre-facets "$fc" [ "$fc" = '{"notice":2,"other":1,"rectify":1,"report":1,"review":3,"rules":4,"speech":1}' ]

# ---- the material type from who speaks (issue 16): 本人 makes a person's
# material even when the text names the 党组; 我国 is no speaker
t() { "$S" --index "$I" --json -n 100 --all 调查研究 | \
        jq -r --arg f "$A/$1" '[.results[] | select(.path == $f) | .type] | unique | join(",")'; }
check type-benren-personal "$(t 2023/局机关/秘书代写.txt)" [ "$(t 2023/局机关/秘书代写.txt)" = personal ]
check type-woguo-not-personal "$(t 法规/宪法摘录.md)" [ "$(t 法规/宪法摘录.md)" = unknown ]
check type-group "$(t 2023/局机关/班子对照检查.txt)" [ "$(t 2023/局机关/班子对照检查.txt)" = group ]
check type-personal-filter "$(f --type personal 调查研究)" \
    [ "$(f --type personal 调查研究)" = "2023/局机关/秘书代写.txt " ]

# ---- text: on a terminal, results from rules and notices say so; the
# materials' lines are as before, and so is a pipe's output (as grep's)
t=$(on_tty "$S" --index "$I" --color never -n 20 调查研究)
check text-genre-marked "$t" sh -c 'printf "%s" "$1" | grep -q "宪法摘录.md:[0-9]*:.*  \[rules\]$" && printf "%s" "$1" | grep -q "通知.txt:[0-9]*:.*  \[notice\]$" && ! printf "%s" "$1" | grep -q "讲话.txt:.*\["' _ "$t"
t=$("$S" --index "$I" --color never -n 20 调查研究)
check text-genre-not-in-pipe "$t" sh -c '! printf "%s" "$1" | grep -q "\[rules\]"' _ "$t"

# ---- --path: a folder or a file, relative to the current folder as rg
check path-folder "$(f --path "$A/2023" 调查研究)" \
    [ "$(f --path "$A/2023" 调查研究)" = "2023/下属单位/整改报告.txt 2023/局机关/班子对照检查.txt 2023/局机关/秘书代写.txt " ]
r=$(cd "$A/2022" && "$S" --index "$I" --files --path 局机关 --path ../法规/调研工作办法.md 调查研究 | sed "s|$A/||" | sort | tr '\n' ' ')
check path-relative "$r" [ "$r" = "2022/局机关/工作报告.txt 2022/局机关/讲话.txt 2022/局机关/通知.txt 法规/调研工作办法.md " ]
"$S" --index "$I" --path "$A/没有这个目录" 调查研究 >/dev/null; rc=$?
check path-none "rc=$rc" [ "$rc" = 1 ]
# outside every indexed folder: a mistake, said (as rg says of a missing path)
err=$("$S" --index "$I" --path /no/such/place 调查研究 2>&1 >/dev/null); rc=$?
check path-outside-roots "rc=$rc [$err]" sh -c "[ $rc = 2 ] && printf '%s' '$err' | grep -q -- '--path /no/such/place is outside the indexed folders ($A)'"
check path-above-root "$(f --path "$tmp" 调查研究 | wc -w)" [ "$(f --path "$tmp" 调查研究 | wc -w)" = 9 ]
c=$("$S" --index "$I" --count --path "$A/2023/局机关" 调查研究)
check path-count "$c" [ "$c" = 3 ]
check path-root "$(f --path "$A" 调查研究 | wc -w)" [ "$(f --path "$A" 调查研究 | wc -w)" = 9 ]
# a file added by an update in place carries the same place terms (up to
# its root): found under its folders, its root, and above the root
IU="$tmp/upd" U="$tmp/u/root"
mkdir -p "$U/2023/局机关"
cp "$A/2023/局机关/"*.txt "$A/2022/局机关/"*.txt "$U/2023/局机关/"
"$M" --index "$IU" -q "$U"
printf '补充材料\n调查研究要经常化。\n' >"$U/2023/局机关/补充.txt"
"$M" --index "$IU" -q
u() { "$S" --index "$IU" --files "$@" 调查研究 | grep -c '补充.txt'; }
check path-after-update "$(u --path "$U/2023") $(u --path "$U") $(u --path "$tmp/u")" \
    [ "$(u --path "$U/2023") $(u --path "$U") $(u --path "$tmp/u")" = "1 1 1" ]

# ---- -g/--glob with ripgrep's meaning
check glob-name "$(f -g '*.md' 调查研究)" [ "$(f -g '*.md' 调查研究)" = "法规/宪法摘录.md 法规/调研工作办法.md " ]
check glob-exclude-folder "$(f -g '!局机关' 调查研究)" \
    [ "$(f -g '!局机关' 调查研究)" = "2023/下属单位/整改报告.txt 法规/宪法摘录.md 法规/调研工作办法.md 随笔.txt " ]
check glob-anchored "$(f -g '2022/**' -g '!通知.txt' 调查研究)" \
    [ "$(f -g '2022/**' -g '!通知.txt' 调查研究)" = "2022/局机关/工作报告.txt 2022/局机关/讲话.txt " ]
check glob-braces "$(f -g '{讲话,通知}.txt' 调查研究)" \
    [ "$(f -g '{讲话,通知}.txt' 调查研究)" = "2022/局机关/讲话.txt 2022/局机关/通知.txt " ]
check glob-with-genre "$(f -g '2023/**' --genre rectify 调查研究)" \
    [ "$(f -g '2023/**' --genre rectify 调查研究)" = "2023/下属单位/整改报告.txt " ]
# two indexes searched as one: the globs are checked on each match
I2="$tmp/idx2" B2="$tmp/more"
mkdir -p "$B2/2023"
printf '2023年调研通知\n关于开展调查研究的通知，特此通知。\n' >"$B2/2023/通知.txt"
"$M" --index "$I2" -q "$B2"
r=$("$S" --index "$I" --index "$I2" --files -g '2023/**' -g '!*对照*' 调查研究 | sed "s|$A/||;s|$B2/|more:|" | sort | tr '\n' ' ')
check glob-shards "$r" [ "$r" = "2023/下属单位/整改报告.txt 2023/局机关/秘书代写.txt more:2023/通知.txt " ]

# a glob that cannot be read is refused, as ripgrep refuses it, not
# taken as the characters it holds
"$S" --index "$I" -g '2023/[' 调查研究 >/dev/null 2>"$tmp/err"; rc=$?
check glob-unclosed-class "exit $rc: $(cat "$tmp/err")" \
    sh -c "[ $rc = 2 ] && grep -q \"glob '2023/\[': .*no ']' closes\" '$tmp/err'"
c=$("$S" --index "$I" --json -g '{讲话,通知.txt' 调查研究 2>/dev/null | jq -r .error.code)
check glob-unclosed-braces "$c" [ "$c" = bad_option ]

# ---- the top folder: a facet and a field
tf=$("$S" --index "$I" --exact --json -n 100 调查研究 | jq -c '[(.facets.top_folder | to_entries | sort_by(.key) | from_entries), ([.results[] | select(.path | endswith("随笔.txt")) | .top_folder][0])]')
check top-folder "$tf" [ "$tf" = '[{".":1,"2022":4,"2023":4,"法规":4},"."]' ]

# ---- the HTTP API takes the same scope (genre, glob, path under a root)
if command -v curl >/dev/null 2>&1; then
    start_server "$I"; spid=$pid
    api() { curl -s -G --data-urlencode "q=调查研究" "$@" "http://127.0.0.1:$port/api/search" |
            jq -r '[.results[].path] | unique | map(sub(".*/"; "")) | join(" ")'; }
    check api-genre "$(api --data-urlencode genre=rules)" [ "$(api --data-urlencode genre=rules)" = "宪法摘录.md 调研工作办法.md" ]
    check api-glob-path "$(api --data-urlencode 'glob=*.txt' --data-urlencode path=2022/局机关)" \
        [ "$(api --data-urlencode 'glob=*.txt' --data-urlencode path=2022/局机关)" = "工作报告.txt 讲话.txt 通知.txt" ]
    c=$(curl -s -G --data-urlencode "q=调查研究" --data-urlencode genre=law "http://127.0.0.1:$port/api/search" | jq -r .error.code)
    check api-genre-bad "$c" [ "$c" = bad_option ]
    kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
else
    echo "ok api-scope # SKIP curl is not installed"
fi
