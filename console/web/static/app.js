// Earshot agent console: live calls and their redacted transcripts.
//
// Plain DOM, no framework, no build step. Text from the server (call ids,
// transcripts, entity types) is only ever inserted as text nodes or through
// textContent, never parsed as HTML.
//
// Data flow: the page first asks GET /api/v1/calls?live=1 (a 401 shows the
// login form), then opens the /api/v1/events websocket (authenticated by
// the session cookie). Each time the socket opens it reloads the call list
// and the selected transcript from the API, so nothing published while it
// was disconnected is lost; live events are merged by segment seq.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const utf8 = new TextEncoder();
  const fromUTF8 = new TextDecoder();
  const maxEndedCalls = 50;

  /** @type {Map<string, object>} call id -> call state */
  const calls = new Map();
  let selected = null;
  let ws = null;
  let running = false;
  let generation = 0; // bumps on every websocket open
  let retryMs = 1000;
  let retryTimer = null;

  class Unauthorized extends Error {}

  async function getJSON(path) {
    const res = await fetch(path, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (res.status === 401) throw new Unauthorized("unauthorized");
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json();
  }

  // ---- state ---------------------------------------------------------

  function callState(id) {
    let c = calls.get(id);
    const isNew = !c;
    if (isNew) {
      c = {
        id, channel: "", route: "", codec: "", startedAt: "", ended: false, reason: "",
        finals: new Map(), partial: null, loaded: false, generation: 0,
      };
      calls.set(id, c);
    }
    return [c, isNew];
  }

  function pruneEnded() {
    const ended = [...calls.values()].filter((c) => c.ended && c.id !== selected);
    ended.sort((a, b) => time(a.startedAt) - time(b.startedAt));
    while (ended.length > maxEndedCalls) calls.delete(ended.shift().id);
  }

  async function loadCalls() {
    const list = await getJSON("/api/v1/calls?live=1");
    const listed = new Set();
    for (const item of list) {
      const [c] = callState(item.id);
      c.channel = item.channel || "";
      c.route = item.route || "";
      c.codec = item.codec || "";
      c.startedAt = item.started_at || "";
      c.ended = !item.live;
      listed.add(item.id);
    }
    // A call we showed as live that the server no longer lists, and that
    // no event mentioned since the socket (re)opened, has ended meanwhile.
    for (const c of calls.values()) {
      if (!listed.has(c.id) && !c.ended && c.generation !== generation) {
        c.ended = true;
        c.partial = null;
      }
    }
    pruneEnded();
    renderCalls();
    if (!selected && list.length > 0) select(list[0].id);
    else renderDetail();
  }

  async function loadTranscript(c) {
    let segs;
    try {
      segs = await getJSON(`/api/v1/calls/${encodeURIComponent(c.id)}/transcript`);
    } catch (err) {
      if (err instanceof Unauthorized) showLogin();
      return; // e.g. 404: the store has not seen the call yet
    }
    for (const s of segs) {
      if (!c.finals.has(s.seq)) c.finals.set(s.seq, s);
    }
    c.loaded = true;
    if (c.id === selected) renderDetail();
  }

  function select(id) {
    selected = id;
    renderCalls();
    renderDetail();
    const c = calls.get(id);
    if (c && !c.loaded) loadTranscript(c);
  }

  function handle(ev) {
    if (!ev || typeof ev.call_id !== "string" || ev.call_id === "") return;
    const [c, isNew] = callState(ev.call_id);
    c.generation = generation;
    const seq = Number.isInteger(ev.seq) ? ev.seq : 0;
    let list = isNew;
    switch (ev.type) {
      case "call.started":
        c.channel = ev.channel || "";
        c.route = ev.route || "";
        c.codec = ev.codec || "";
        c.startedAt = ev.ts || "";
        c.ended = false;
        list = true;
        break;
      case "call.ended":
        c.ended = true;
        c.reason = ev.reason || "";
        c.partial = null;
        list = true;
        break;
      case "transcript.partial":
        if (c.finals.has(seq)) return; // late partial of a finished segment
        c.partial = ev;
        if (c.id === selected) keepScrolled(() => renderPartial(c));
        return;
      case "transcript.final":
        c.finals.set(seq, ev);
        if (c.partial && (Number.isInteger(c.partial.seq) ? c.partial.seq : 0) <= seq) c.partial = null;
        if (c.id === selected) keepScrolled(() => appendFinal(c, ev));
        return;
      default:
        return;
    }
    if (list) {
      pruneEnded();
      renderCalls();
    }
    if (!selected && !c.ended) select(c.id);
    else if (c.id === selected) renderDetail();
  }

  // ---- websocket -----------------------------------------------------

  function connect() {
    if (!running || ws) return;
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const sock = new WebSocket(`${proto}//${location.host}/api/v1/events`);
    ws = sock;
    sock.onopen = () => {
      retryMs = 1000;
      generation++;
      setStatus("Live", true);
      for (const c of calls.values()) c.loaded = false;
      loadCalls()
        .then(() => {
          const c = selected && calls.get(selected);
          if (c) loadTranscript(c);
        })
        .catch((err) => {
          if (err instanceof Unauthorized) showLogin();
        });
    };
    sock.onmessage = (msg) => {
      let ev;
      try {
        ev = JSON.parse(msg.data);
      } catch {
        return;
      }
      handle(ev);
    };
    sock.onclose = (e) => {
      if (ws !== sock) return;
      ws = null;
      if (!running) return;
      setStatus(e.code === 1013 ? "Fell behind, reconnecting…" : "Disconnected, reconnecting…", false);
      scheduleRetry();
    };
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      start();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 30000);
  }

  function stopStream() {
    running = false;
    clearTimeout(retryTimer);
    retryTimer = null;
    if (ws) {
      const sock = ws;
      ws = null;
      sock.close();
    }
  }

  // ---- views ---------------------------------------------------------

  function setStatus(text, ok) {
    const s = $("status");
    s.textContent = text;
    s.className = ok ? "status ok" : "status bad";
  }

  function showLogin(message) {
    stopStream();
    $("app").hidden = true;
    $("logout").hidden = true;
    $("login").hidden = false;
    $("status").textContent = "";
    $("status").className = "status";
    const e = $("login-error");
    e.textContent = message || "";
    e.hidden = !message;
    $("token").focus();
  }

  function showApp() {
    $("login").hidden = true;
    $("app").hidden = false;
    $("logout").hidden = false;
  }

  function el(tag, className, text) {
    const n = document.createElement(tag);
    if (className) n.className = className;
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function time(ts) {
    const t = Date.parse(ts);
    return Number.isNaN(t) ? 0 : t;
  }

  function clock(ts) {
    const t = time(ts);
    return t ? new Date(t).toLocaleTimeString() : "";
  }

  function offset(ms) {
    const s = Math.max(0, Math.floor((ms || 0) / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }

  function renderCalls() {
    const list = [...calls.values()].sort(
      (a, b) => Number(a.ended) - Number(b.ended) || time(b.startedAt) - time(a.startedAt),
    );
    $("calls").replaceChildren(
      ...list.map((c) => {
        const li = el("li");
        li.dataset.callId = c.id;
        if (c.ended) li.classList.add("ended");
        if (c.id === selected) li.classList.add("selected");
        const b = el("button");
        b.type = "button";
        const sub = [c.channel, c.codec, clock(c.startedAt)].filter(Boolean).join(" · ");
        b.append(el("span", "call-id", c.id), el("span", "call-sub", c.ended ? `${sub} · ended` : sub));
        b.addEventListener("click", () => select(c.id));
        li.append(b);
        return li;
      }),
    );
    $("no-calls").hidden = list.some((c) => !c.ended);
  }

  // appendRedacted appends text to node, wrapping each entity in a
  // highlighted <mark>. Entity offsets are UTF-8 byte offsets.
  function appendRedacted(node, text, entities) {
    const bytes = utf8.encode(text || "");
    const ents = (Array.isArray(entities) ? entities : [])
      .filter((e) => e && Number.isInteger(e.start) && Number.isInteger(e.end) &&
        e.start >= 0 && e.start <= e.end && e.end <= bytes.length)
      .sort((a, b) => a.start - b.start);
    let pos = 0;
    for (const e of ents) {
      if (e.start < pos) continue; // overlaps the previous one
      if (e.start > pos) node.append(fromUTF8.decode(bytes.subarray(pos, e.start)));
      const m = el("mark", "entity", fromUTF8.decode(bytes.subarray(e.start, e.end)));
      m.title = String(e.type || "redacted");
      m.dataset.type = m.title;
      node.append(m);
      pos = e.end;
    }
    if (pos < bytes.length) node.append(fromUTF8.decode(bytes.subarray(pos)));
  }

  function finalItem(seg) {
    const li = el("li");
    li.dataset.seq = String(Number.isInteger(seg.seq) ? seg.seq : 0);
    const text = el("span", "text");
    appendRedacted(text, seg.text, seg.entities);
    li.append(el("span", "time", offset(seg.start_ms)), text);
    return li;
  }

  function appendFinal(c, seg) {
    const ol = $("transcript");
    const last = ol.lastElementChild;
    const seq = Number.isInteger(seg.seq) ? seg.seq : 0;
    if (last && Number(last.dataset.seq) >= seq) {
      renderDetail(); // out of order or a repeat: redraw in seq order
      return;
    }
    ol.append(finalItem(seg));
    renderPartial(c);
  }

  function renderPartial(c) {
    const p = $("partial");
    p.replaceChildren();
    if (c.partial && !c.ended) appendRedacted(p, c.partial.text, c.partial.entities);
  }

  function renderDetail() {
    const c = selected ? calls.get(selected) : null;
    $("pick").hidden = Boolean(c);
    $("call-detail").hidden = !c;
    if (!c) return;
    const title = $("call-title");
    title.replaceChildren(c.id, el("span", c.ended ? "badge ended" : "badge", c.ended ? "ended" : "live"));
    const meta = [c.channel, c.codec, c.route && `route ${c.route}`, c.startedAt && `started ${clock(c.startedAt)}`];
    if (c.ended) meta.push(c.reason ? `ended: ${c.reason}` : "ended");
    $("call-meta").textContent = meta.filter(Boolean).join(" · ");
    const segs = [...c.finals.values()].sort((a, b) => (a.seq || 0) - (b.seq || 0));
    $("transcript").replaceChildren(...segs.map(finalItem));
    renderPartial(c);
  }

  // keepScrolled runs change and, if the view was scrolled to the bottom,
  // keeps it there.
  function keepScrolled(change) {
    const view = document.querySelector(".call-view");
    const atBottom = view.scrollHeight - view.scrollTop - view.clientHeight < 40;
    change();
    if (atBottom) view.scrollTop = view.scrollHeight;
  }

  // ---- start ---------------------------------------------------------

  async function start() {
    running = true;
    try {
      await loadCalls();
    } catch (err) {
      if (err instanceof Unauthorized) {
        showLogin();
        return;
      }
      setStatus("Cannot reach the server, retrying…", false);
      scheduleRetry();
      return;
    }
    showApp();
    connect();
  }

  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = $("token");
    const body = new URLSearchParams({ token: input.value });
    let res;
    try {
      res = await fetch("/login", { method: "POST", body, credentials: "same-origin" });
    } catch {
      showLogin("Cannot reach the server.");
      return;
    }
    input.value = "";
    if (res.ok) {
      $("login-error").hidden = true;
      start();
      return;
    }
    showLogin(res.status === 401 ? "That token is not valid." : `Sign-in failed (HTTP ${res.status}).`);
  });

  start();
})();
