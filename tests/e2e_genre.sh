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
check index-layout-3 "$(xapian-metadata get "$live" mz.layout)" \
    [ "$(xapian-metadata get "$live" mz.layout)" = 3 ]

# ---- an index of an older layout is rebuilt whole by the next update
IO="$tmp/old"
"$M" --index "$IO" -q "$A"
olive="$IO/$(sed -n '1s/^auto //p' "$IO/XAPIANDB")"
xapian-metadata set "$olive" mz.layout 2
out=$("$M" --index "$IO" 2>&1); rc=$?
nlive="$IO/$(sed -n '1s/^auto //p' "$IO/XAPIANDB")"
if [ "$rc" = 0 ] && printf '%s' "$out" | grep -q "has layout 2, older" && \
    [ "$(xapian-metadata get "$nlive" mz.layout)" = 3 ] && index_checks "$IO"; then
    ok old-layout-rebuilt; else no old-layout-rebuilt "rc=$rc out=$out"; fi
