// app.js — the page of mzsearch --serve.  Every piece of document text is
// put in the page with textContent (never as markup): a material holding
// <script> shows those characters.  The query lives in the URL, so a search
// can be shared and the back button works.
"use strict";

const PAGE = 10;

// The filters: each one a parameter of /api/search, its facet in the
// answer, and how its values read.  A new filter is one entry here (and
// one in query/serve_api.c).
const FILTERS = [
  { name: "kind", facet: "kind", label: "类别",
    names: { problems: "存在问题", causes: "原因剖析", measures: "整改措施",
             progress: "进展成效", other: "其他" } },
  { name: "year", facet: "year", label: "年份", skip: ["unknown"],
    show: (v) => v + "年" },
  { name: "type", facet: "type", label: "材料", skip: ["unknown"],
    names: { group: "班子", personal: "个人" } },
];
const PARAMS = ["q", "offset"].concat(FILTERS.map((f) => f.name));

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// The state of the page: what the URL says.
function readState() {
  const u = new URLSearchParams(location.search);
  const s = {};
  for (const p of PARAMS) s[p] = u.get(p) || "";
  return s;
}

function stateUrl(s) {
  const u = new URLSearchParams();
  for (const p of PARAMS) if (s[p] && !(p === "offset" && s[p] === "0")) u.set(p, s[p]);
  const t = u.toString();
  return t ? "/?" + t : "/";
}

function go(s) {
  history.pushState(null, "", stateUrl(s));
  run(s);
}

// ---- the filters -------------------------------------------------------

function valueLabel(f, v) {
  if (f.names && f.names[v]) return f.names[v];
  return f.show ? f.show(v) : v;
}

function drawFilters(s, facets) {
  const box = $("filters");
  box.replaceChildren();
  for (const f of FILTERS) {
    const counts = (facets && facets[f.facet]) || {};
    const label = el("label", null, f.label);
    const sel = el("select");
    sel.id = "f-" + f.name;
    sel.append(new Option("全部", ""));
    const values = Object.keys(counts).filter((v) => !(f.skip || []).includes(v));
    if (s[f.name] && !values.includes(s[f.name])) values.unshift(s[f.name]);
    for (const v of values) {
      const n = counts[v];
      const o = new Option(valueLabel(f, v) + (n !== undefined ? "（" + n + "）" : ""), v);
      sel.append(o);
    }
    sel.value = s[f.name];
    sel.addEventListener("change", () => {
      const t = readState();
      t[f.name] = sel.value;
      t.offset = "";
      go(t);
    });
    label.append(sel);
    box.append(label);
  }
}

// ---- a result ------------------------------------------------------------

// The snippet with its hits in <mark>: highlights count characters (code
// points), as the JSON says.
function snippetNode(r) {
  const p = el("p", "snippet");
  const chars = Array.from(r.snippet);
  let at = 0;
  for (const h of r.highlights) {
    if (h.start < at) continue;
    p.append(document.createTextNode(chars.slice(at, h.start).join("")));
    p.append(el("mark", null, chars.slice(h.start, h.end).join("")));
    at = h.end;
  }
  p.append(document.createTextNode(chars.slice(at).join("")));
  return p;
}

function baseName(path) {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

function whereNode(r) {
  const w = el("div", "where");
  const file = el("span", "path", baseName(r.path));
  file.title = r.path;
  w.append(file, ":", el("span", "line", String(r.line_start)));
  if (r.column) w.append(":", el("span", "line", String(r.column)));
  if (r.title) w.append(el("span", "title", r.title));
  return w;
}

async function copyText(text, button) {
  let done = false;
  try {
    await navigator.clipboard.writeText(text);
    done = true;
  } catch (e) {
    // not a secure context: the old way, through a hidden text area
    const ta = el("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.append(ta);
    ta.select();
    try { done = document.execCommand("copy"); } catch (e2) { done = false; }
    ta.remove();
  }
  button.textContent = done ? "已复制" : "复制失败";
  button.dataset.copied = done ? "1" : "0";
  setTimeout(() => { button.textContent = "复制段落"; }, 1500);
}

async function showContext(r, box, button) {
  if (!box.hidden) {
    box.hidden = true;
    button.textContent = "更多上下文";
    return;
  }
  button.disabled = true;
  const u = new URLSearchParams({ path: r.path, byte: String(r.byte_start),
                                  before: "3", after: "3" });
  try {
    const res = await fetch("/api/passage?" + u.toString());
    const j = await res.json();
    box.replaceChildren();
    if (!res.ok) {
      box.append(el("p", null, "无法取得上下文：" + j.error.message));
    } else {
      j.passages.forEach((p, i) => {
        const para = el("p", i === j.target ? "target" : null);
        para.append(el("span", "ln", String(p.line_start)), p.text);
        box.append(para);
      });
    }
    box.hidden = false;
    button.textContent = "收起上下文";
  } catch (e) {
    box.replaceChildren(el("p", null, "无法取得上下文：" + e));
    box.hidden = false;
  }
  button.disabled = false;
}

function resultNode(r) {
  const li = el("li", "hit");
  li.append(whereNode(r));
  if (r.section.length) {
    const sec = el("div", "section", r.section.join(" › "));
    if (r.via === "heading") sec.append(el("span", "via", "≈ 在此标题下"));
    else if (!r.literal) sec.append(el("span", "via", "≈ " + r.matched.join("、")));
    li.append(sec);
  } else if (!r.literal) {
    const sec = el("div", "section");
    sec.append(el("span", "via", "≈ " + r.matched.join("、")));
    li.append(sec);
  }
  li.append(snippetNode(r));
  const actions = el("div", "actions");
  const more = el("button", "more", "更多上下文");
  more.type = "button";
  const copy = el("button", "copy", "复制段落");
  copy.type = "button";
  const ctx = el("div", "context");
  ctx.hidden = true;
  more.addEventListener("click", () => showContext(r, ctx, more));
  copy.addEventListener("click", () => copyText(r.text, copy));
  actions.append(more, copy);
  li.append(actions);
  if (r.also_in.length) {
    li.append(el("div", "also", "另见：" + r.also_in.map(
      (a) => baseName(a.path) + ":" + a.line_start).join("，")));
  }
  li.append(ctx);
  return li;
}

// ---- a search ------------------------------------------------------------

let current = 0; // the latest search: an older answer arriving late is dropped

function drawPager(s, j) {
  const offset = Number(s.offset) || 0;
  const shown = j.results.length;
  $("pager").hidden = j.total <= PAGE && offset === 0;
  $("prev").disabled = offset === 0;
  $("next").disabled = offset + shown >= j.total;
  $("page").textContent = shown ? "第 " + (offset + 1) + "–" + (offset + shown) + " 条" : "";
}

function drawStatus(s, j) {
  const about = j.total_exact ? "" : "约 ";
  $("status").textContent = j.total
    ? "找到 " + about + j.total + " 处（" + j.elapsed_ms.toFixed(1) + " 毫秒）"
    : "没有找到“" + s.q + "”";
  if (j.facets && j.facets.over < j.total) {
    $("status").textContent += "；筛选项的计数只算了最相关的 " + j.facets.over + " 处";
  }
  const ex = $("expanded");
  ex.hidden = !j.expanded;
  ex.textContent = j.expanded ? "同时查找了相关表述：" + j.expanded : "";
}

async function run(s) {
  const me = ++current;
  $("q").value = s.q;
  document.title = s.q ? s.q + " - 材料检索" : "材料检索";
  if (!s.q.trim()) {
    $("results").replaceChildren();
    $("status").textContent = "";
    $("pager").hidden = true;
    $("expanded").hidden = true;
    drawFilters(s, null);
    return;
  }
  const u = new URLSearchParams({ q: s.q, n: String(PAGE) });
  for (const p of PARAMS) if (p !== "q" && s[p]) u.set(p, s[p]);
  $("status").textContent = "检索中…";
  let res, j;
  try {
    res = await fetch("/api/search?" + u.toString());
    j = await res.json();
  } catch (e) {
    if (me === current) $("status").textContent = "无法连接检索服务：" + e;
    return;
  }
  if (me !== current) return;
  if (!res.ok) {
    $("results").replaceChildren();
    $("pager").hidden = true;
    $("expanded").hidden = true;
    $("status").textContent = "出错：" + j.error.message;
    drawFilters(s, null);
    return;
  }
  drawStatus(s, j);
  drawFilters(s, j.facets);
  $("results").replaceChildren(...j.results.map(resultNode));
  drawPager(s, j);
}

function init() {
  $("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const s = readState();
    s.q = $("q").value;
    s.offset = "";
    go(s);
  });
  $("prev").addEventListener("click", () => {
    const s = readState();
    s.offset = String(Math.max(0, (Number(s.offset) || 0) - PAGE));
    go(s);
    window.scrollTo(0, 0);
  });
  $("next").addEventListener("click", () => {
    const s = readState();
    s.offset = String((Number(s.offset) || 0) + PAGE);
    go(s);
    window.scrollTo(0, 0);
  });
  window.addEventListener("popstate", () => run(readState()));
  run(readState());
  $("q").focus();
}

init();
