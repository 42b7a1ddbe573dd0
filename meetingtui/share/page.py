"""The follower page: one self-contained HTML document (inline CSS and JS under a per-response nonce).

No external resource of any kind (fonts, scripts, images), so it works offline
and leaks nothing. User text (titles, names, captured items) only ever reaches
the page through ``textContent``.
"""

from __future__ import annotations

STYLE = """
:root { color-scheme: light dark; --bg: #fafaf7; --fg: #1d1d1f; --muted: #62626a; --card: #ffffff; --line: #dcdcd8;
  --sales: #d9822b; --marketing: #8a63d2; --joint: #2a9d8f; --accent: var(--joint); --warn: #b26b00; --over: #c62828; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121214; --fg: #ececf0; --muted: #a0a0aa; --card: #1d1d21; --line: #34343a; --warn: #f0b429;
    --over: #ff6b6b; }
}
body[data-team="sales"] { --accent: var(--sales); }
body[data-team="marketing"] { --accent: var(--marketing); }
* { box-sizing: border-box; }
html { font-size: clamp(16px, 0.55vw + 11px, 26px); }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.4;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .25rem 1rem;
  padding: .75rem 1rem; border-bottom: 4px solid var(--accent); }
h1 { font-size: 1.25rem; margin: 0; overflow-wrap: anywhere; }
h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 0 0 .5rem; }
.status { margin: 0; color: var(--muted); font-size: .9rem; }
.status.live::before { content: "● "; color: var(--over); }
main { display: grid; gap: 1rem; padding: 1rem; grid-template-columns: minmax(0, 1fr); max-width: 110rem;
  margin: 0 auto; }
@media (min-width: 62rem) {
  main { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
  #now, #ended, #schedule, #teams-card, #captured-card { grid-column: 1; }
  #agenda-card { grid-column: 2; grid-row: 1 / span 5; align-self: start; }
}
section { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: .9rem 1rem; }
#now { border-left: .6rem solid var(--accent); }
.segment { font-size: 1.6rem; font-weight: 700; margin: .2rem 0; overflow-wrap: anywhere; }
.meta { color: var(--muted); margin: 0; }
.countdown { font-variant-numeric: tabular-nums; font-weight: 800; line-height: 1; margin: .5rem 0;
  font-size: clamp(3.5rem, 11vw, 10rem); }
.countdown.warn { color: var(--warn); } .countdown.over { color: var(--over); }
.countdown.paused { opacity: .55; }
ul.prompts { margin: .5rem 0 0; padding-left: 1.2rem; color: var(--muted); }
.chip { display: inline-block; font-size: .75rem; font-weight: 700; padding: .05rem .45rem; border-radius: .3rem;
  color: #111; background: var(--joint); vertical-align: middle; white-space: nowrap; }
.chip.team-sales { background: var(--sales); } .chip.team-marketing { background: var(--marketing); color: #fff; }
.chip.kind { background: transparent; color: var(--fg); border: 1px solid var(--line); }
dl { display: grid; grid-template-columns: auto 1fr; gap: .2rem 1rem; margin: 0; }
dt { color: var(--muted); } dd { margin: 0; font-variant-numeric: tabular-nums; }
.late { color: var(--over); font-weight: 700; } .early { color: var(--joint); }
ol.agenda { list-style: none; margin: 0; padding: 0; }
ol.agenda li { display: grid; grid-template-columns: auto minmax(0, 1fr) auto; gap: .5rem; align-items: baseline;
  padding: .35rem .25rem; border-bottom: 1px solid var(--line); }
ol.agenda li:last-child { border-bottom: 0; }
ol.agenda li.current { font-weight: 700; background: color-mix(in srgb, var(--accent) 14%, transparent); }
ol.agenda li.done .t, ol.agenda li.skipped .t, ol.agenda li.parked .t, ol.agenda li.not-reached .t {
  color: var(--muted); }
ol.agenda li.skipped .t, ol.agenda li.parked .t { text-decoration: line-through; }
.t { overflow-wrap: anywhere; } .who { display: block; font-size: .8rem; font-weight: 400; color: var(--muted); }
.n { color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
ul.captured { list-style: none; margin: 0; padding: 0; }
ul.captured li { padding: .35rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
ul.captured li:last-child { border-bottom: 0; }
.empty { color: var(--muted); font-style: italic; }
#ended { border-left: .6rem solid var(--accent); }
table.segments { width: 100%; border-collapse: collapse; margin-top: .75rem; font-variant-numeric: tabular-nums; }
table.segments th, table.segments td { text-align: right; padding: .25rem .4rem; border-bottom: 1px solid var(--line); }
table.segments th[scope=row], table.segments thead th:first-child { text-align: left; font-weight: 400;
  overflow-wrap: anywhere; }
table.segments thead th { color: var(--muted); font-size: .8rem; font-weight: 400; }
table.segments tr.skipped td:last-child, table.segments tr.parked td:last-child,
table.segments tr.not-reached td:last-child { color: var(--muted); }
#ended h2 { font-size: 1.4rem; color: var(--fg); text-transform: none; letter-spacing: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
footer { color: var(--muted); font-size: .8rem; text-align: center; padding: 0 1rem 1rem; }
[hidden] { display: none !important; }
"""

SCRIPT = r"""
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const TEAM = { sales: "Sales", marketing: "Marketing", joint: "Joint" };
  const KIND = { actions: "Action", decisions: "Decision", concerns: "Concern", insights: "Insight" };
  const STATE = {
    waiting: "Not started yet", running: "Live", paused: "Paused", ended: "Ended",
    closed: "The facilitator closed the meeting screen; it may resume later (reload then).",
  };
  let view = null, receivedAt = 0, shown = null, source = null;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function chip(team) {
    return el("span", TEAM[team] || "", "chip" + (TEAM[team] ? " team-" + team : ""));
  }
  const pad = (n) => String(n).padStart(2, "0");
  function clockText(seconds) {
    // As the facilitator's screen: time left rounds up, overrun rounds down.
    const whole = seconds < 0 ? Math.floor(-seconds) : Math.ceil(seconds - 1e-9);
    const h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
    const body = h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
    return seconds < 0 ? "+" + body : body;
  }
  function hhmm(epoch) {
    const d = new Date((epoch + view.utc_offset) * 1000);
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }
  // Every duration on the page in one style, the countdown's: 5:17, 1:02:03 (whole seconds, as the minutes keep).
  const dur = (seconds) => clockText(Math.max(0, Math.floor(seconds + 1e-9)));
  // Seconds since the snapshot was made: since it arrived, plus what it waited on the server before it was sent.
  const since = () => (performance.now() - receivedAt) / 1000 + (view.delay || 0);
  function remaining() {
    const c = view.clock;
    return c.planned - (c.elapsed + (c.running ? since() : 0));
  }

  function replace(node, children) {
    node.replaceChildren(...children);
  }

  function renderNow() {
    const cur = view.current;
    $("now").hidden = !cur;
    if (!cur) return;
    document.body.dataset.team = TEAM[cur.team] ? cur.team : "joint";
    $("position").textContent = "Segment " + (cur.index + 1) + " of " + cur.of;
    replace($("segment"), [chip(cur.team), document.createTextNode(" "), el("span", cur.title)]);
    $("owner").textContent = cur.owner ? "Led by " + cur.owner : "";
    replace($("prompts"), (cur.prompts || []).map((p) => el("li", p)));
    const key = cur.index + "\u0000" + cur.title;
    if (shown !== key) {
      if (shown !== null) $("announce").textContent = "Now: " + cur.title + " (" + (TEAM[cur.team] || "") + ")";
      shown = key;
    }
  }

  function renderAgenda() {
    replace($("agenda"), view.segments.map((s) => {
      const li = el("li", null, s.status);
      const done = s.actual !== null && s.status !== "current";
      const skipped = s.status === "skipped" || s.status === "parked" || s.status === "not-reached";
      const n = skipped ? s.status.replace("-", " ") : done ? dur(s.actual) + " / " + dur(s.planned) : dur(s.planned);
      const label = s.status === "pending" ? "" : " (" + s.status.replace("-", " ") + ")";
      const title = el("span", s.title, "t");
      if (s.owner) title.append(el("span", s.owner, "who"));
      li.append(chip(s.team), title, el("span", n, "n"));
      if (done) li.lastChild.title = "actual / planned";
      if (label && !skipped) li.append(el("span", label, "visually-hidden"));
      if (s.status === "current") li.setAttribute("aria-current", "step");
      return li;
    }));
  }

  function describe(kind, item) {
    let text = item.text;
    if (kind === "actions") {
      if (item.owner) text += " — " + item.owner;
      if (item.due) text += " · due " + item.due;
    } else if (kind === "concerns") {
      const from = TEAM[item.from_team], to = TEAM[item.to_team];  // a concern may name neither team
      if (from && to) text += " (" + from + " → " + to + ")";
      else if (from) text += " (from " + from + ")";
      else if (to) text += " (to " + to + ")";
    } else if (kind === "insights" && item.content_idea) {
      text += " → idea: " + item.content_idea;
    }
    return text;
  }

  function renderCaptured() {
    const items = [];
    for (const kind of Object.keys(KIND)) {
      for (const item of view.captured[kind] || []) {
        const li = el("li");
        li.append(el("span", KIND[kind], "chip kind"), document.createTextNode(" " + describe(kind, item)));
        items.push(li);
      }
    }
    replace($("captured"), items.length ? items : [el("li", "Nothing captured yet.", "empty")]);
  }

  function renderEnded() {
    const ended = view.state === "ended";
    $("ended").hidden = !ended;
    $("schedule").hidden = ended;
    if (!ended) return;
    document.body.dataset.team = "joint";
    $("announce").textContent = "The meeting has ended.";
    const s = view.summary, rows = [];
    if (s.started_at) {
      rows.push(["Ran", hhmm(s.started_at) + "–" + hhmm(s.ended_at) + " (" + s.duration_text + " in all)"]);
    }
    for (const team of Object.keys(TEAM)) {
      const t = s.teams[team];
      if (t && (t.actual || t.planned)) rows.push([TEAM[team], t.text]);  // worded by the server, as saved
    }
    rows.push(["Segments", s.segments_text]);
    const counts = Object.keys(KIND).map(
      (k) => s.counts[k] + " " + KIND[k].toLowerCase() + (s.counts[k] === 1 ? "" : "s"));
    rows.push(["Captured", counts.join(", ")]);
    replace($("summary"), rows.flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
    // The minutes' numbers per segment, worded by the server as saved: +0:17 over, "skipped" for a skipped one.
    replace($("ended-segments"), (s.segments || []).map((line) => {
      const row = el("tr", null, line.status);
      const title = el("th", null);
      title.scope = "row";
      title.append(chip(line.team), document.createTextNode(" "), el("span", line.title, "t"));
      const over = el("td", line.over_text, line.over_text.startsWith("+") ? "late" : "");
      row.append(title, el("td", line.planned_text), el("td", line.actual_text), over);
      return row;
    }));
  }

  function renderTeams() {
    const live = view.teams && view.state !== "ended";
    $("teams-card").hidden = !live;
    if (!live) return;
    const teams = Object.keys(TEAM).filter((t) => view.teams[t] && (view.teams[t].planned || view.teams[t].actual));
    const actual = teams.map((t) => {
      const c = view.clock, cur = view.current;
      // The current segment's seconds, whole as the minutes keep them, counted on as the countdown counts.
      const running = c && cur && cur.team === t ? Math.floor(c.elapsed + (c.running ? since() : 0) + 1e-9) : 0;
      return view.teams[t].actual + running;
    });
    const share = shares(actual);
    replace($("teams"), teams.flatMap((t, i) => {
      const text = dur(actual[i]) + " of " + dur(view.teams[t].planned) + " planned"
        + (share[i] === null ? "" : " · " + share[i] + "% of the time");
      return [el("dt", TEAM[t]), el("dd", text)];
    }));
  }
  function shares(values) {
    // Whole percentages adding up to 100 (largest remainder), as the facilitator's balance panel shows them.
    const total = values.reduce((a, b) => a + b, 0);
    if (total <= 0) return values.map(() => null);
    const exact = values.map((v) => v * 100 / total), whole = exact.map(Math.floor);
    const order = exact.map((e, i) => i).sort((a, b) => (exact[b] - whole[b]) - (exact[a] - whole[a]) || a - b);
    for (const i of order.slice(0, 100 - whole.reduce((a, b) => a + b, 0))) whole[i] += 1;
    return whole;
  }

  function render() {
    const ended = view.state === "ended";
    document.title = view.title + (ended ? " — ended" : " — live");
    $("footer").textContent = ended
      ? "Read-only view of the meeting as it ended; the minutes are in the team's repository."
      : "Read-only view of the meeting, updated live.";
    $("title").textContent = view.title;
    renderNow();
    renderAgenda();
    renderCaptured();
    renderEnded();
    tick();
  }

  function tick() {
    if (!view) return;
    const state = STATE[view.state] || "";
    const people = view.attendees ? " · " + view.attendees + " in the room" : "";
    $("status").textContent = state + people;
    $("status").className = "status" + (view.state === "running" ? " live" : "");
    if (view.clock) {
      const left = remaining(), c = $("countdown");
      c.textContent = clockText(left);
      c.className = "countdown" + (left < 0 ? " over" : left <= view.clock.warn ? " warn" : "")
        + (view.clock.running ? "" : " paused");
    }
    const now = view.at + since();
    $("clock-now").textContent = hhmm(now);
    $("scheduled-end").textContent = hhmm(view.scheduled_end);
    const projected = now + Math.max(0, view.clock ? remaining() : 0) + view.pending_after;
    $("projected-end").textContent = hhmm(projected);
    const over = Math.round(projected - view.scheduled_end);
    const diff = $("difference");
    diff.textContent = over > 0 ? "+" + dur(over) + " over" : over < 0 ? dur(-over) + " early" : "on time";
    diff.className = over > 0 ? "late" : "early";
    renderTeams();
  }

  function connect() {
    source = new EventSource(location.pathname.replace(/\/?$/, "/") + "events");
    source.addEventListener("snapshot", (event) => {
      view = JSON.parse(event.data);
      document.body.dataset.snapshot = event.lastEventId;
      receivedAt = performance.now();
      render();
      if (view.state === "ended" || view.state === "closed") source.close();
    });
    source.onerror = () => {
      if (view && (view.state === "ended" || view.state === "closed")) return;
      $("status").textContent = "Connection lost, reconnecting…";
      $("status").className = "status";
    };
  }

  connect();
  setInterval(tick, 250);
})();
"""

BODY = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Meeting — live</title>
<style nonce="{nonce}">{style}</style>
</head>
<body data-team="joint">
<header>
  <h1 id="title">Connecting…</h1>
  <p id="status" class="status">Connecting…</p>
</header>
<main>
  <section id="now" aria-labelledby="now-label" hidden>
    <h2 id="now-label">Now</h2>
    <p id="position" class="meta"></p>
    <p id="segment" class="segment"></p>
    <p id="owner" class="meta"></p>
    <p id="countdown" class="countdown" role="timer" aria-label="Time left in this segment">--:--</p>
    <ul id="prompts" class="prompts"></ul>
  </section>
  <section id="ended" aria-labelledby="ended-label" hidden>
    <h2 id="ended-label">Meeting ended</h2>
    <dl id="summary"></dl>
    <table class="segments">
      <thead><tr><th scope="col">Segment</th><th scope="col">Planned</th><th scope="col">Actual</th>
        <th scope="col">Over/under</th></tr></thead>
      <tbody id="ended-segments"></tbody>
    </table>
  </section>
  <section id="schedule" aria-labelledby="schedule-label">
    <h2 id="schedule-label">Schedule</h2>
    <dl>
      <dt>Now</dt><dd id="clock-now">–</dd>
      <dt>Ends</dt><dd id="scheduled-end">–</dd>
      <dt>Projected</dt><dd><span id="projected-end">–</span> · <span id="difference"></span></dd>
    </dl>
  </section>
  <section id="teams-card" aria-labelledby="teams-label" hidden>
    <h2 id="teams-label">Time per team</h2>
    <dl id="teams"></dl>
  </section>
  <section id="agenda-card" aria-labelledby="agenda-label">
    <h2 id="agenda-label">Agenda</h2>
    <ol id="agenda" class="agenda"></ol>
  </section>
  <section id="captured-card" aria-labelledby="captured-label">
    <h2 id="captured-label">Captured</h2>
    <ul id="captured" class="captured"></ul>
  </section>
  <div id="announce" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
</main>
<footer id="footer">Read-only view of the meeting.</footer>
<script nonce="{nonce}">{script}</script>
</body>
</html>
"""


def page_html(nonce: str) -> str:
    """The page, with ``nonce`` on its one style and one script (the CSP allows nothing else)."""
    return BODY.replace("{style}", STYLE).replace("{script}", SCRIPT).replace("{nonce}", nonce)
