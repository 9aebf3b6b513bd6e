// The dashboard: a dyad view (type-ahead, timeline chart, map, events table) and a paste page.
// State lives in the URL hash (#view=dyads&a=RUS&b=JPN&interval=month&min_confidence=0.3…), so views can
// be linked.
import { get } from "./api.js";
import { clear, el, fmt } from "./dom.js";
import { COLUMNS, renderEvents } from "./events-table.js";
import { startLive } from "./live.js";
import { WorldMap } from "./map.js";
import { setupPaste } from "./paste.js";
import { Timeline } from "./timeline.js";
import { typeahead } from "./typeahead.js";

const PAGE = 25;
const $ = (id) => document.getElementById(id);

const KEYS = ["view", "a", "b", "interval", "since", "until", "min_confidence"];
const state = { view: "dyads", a: "", b: "", interval: "month", since: "", until: "", min_confidence: "", offset: 0 };

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const key of KEYS) {
    if (params.has(key)) state[key] = params.get(key);
  }
  state.offset = Number(params.get("offset") || 0);
}

function writeHash() {
  const params = new URLSearchParams();
  for (const key of KEYS) if (state[key]) params.set(key, state[key]);
  if (state.offset) params.set("offset", state.offset);
  history.replaceState(null, "", `#${params}`);
}

function showView() {
  for (const view of ["dyads", "paste"]) $(`view-${view}`).hidden = state.view !== view;
  document.querySelectorAll(".tab[data-view]").forEach((tab) => tab.classList.toggle("active", tab.dataset.view === state.view));
}

// The event counts of the header and the busiest dyads follow the confidence filter, like the views.
async function loadStats() {
  const s = await get("/stats", { min_confidence: state.min_confidence });
  const range = s.first_event ? `${s.first_event} → ${s.last_event}` : "no events yet";
  const conf = state.min_confidence
    ? el("span", { class: "conf-note", title: `events with a confidence of at least ${state.min_confidence}`, text: ` ≥ ${state.min_confidence}` })
    : null;
  clear($("stats")).append(
    el("span", {}, el("b", { text: s.events.toLocaleString() }), " events", conf),
    el("span", {}, el("b", { text: s.articles.toLocaleString() }), " articles"),
    el("span", {}, el("b", { text: s.actors.toLocaleString() }), " actors"),
    el("span", { text: range }),
  );
}

async function loadTopDyads() {
  const top = await get("/dyads/top", { limit: 8, min_confidence: state.min_confidence });
  const box = clear($("top-dyads"));
  if (!top.items.length) return;
  box.append(el("span", { class: "label", text: "Busiest dyads" }));
  for (const d of top.items) {
    box.append(
      el(
        "button",
        { type: "button", class: "chip", title: `${d.source_name} → ${d.target_name}`, onclick: () => pickDyad(d.source, d.target) },
        `${d.source} → ${d.target}`,
        el("span", { class: "n", text: d.events }),
      ),
    );
  }
  if (!state.a && !state.b) pickDyad(top.items[0].source.slice(0, 3), top.items[0].target.slice(0, 3));
}

function pickDyad(a, b) {
  $("actor-a").value = a;
  $("actor-b").value = b;
  delete $("actor-a").dataset.name;
  delete $("actor-b").dataset.name;
  submit();
}

function submit() {
  state.a = $("actor-a").value.trim().toUpperCase();
  state.b = $("actor-b").value.trim().toUpperCase();
  state.interval = $("interval").value;
  state.since = $("since").value;
  state.until = $("until").value;
  const confidence = $("min-confidence").value;
  const confidenceChanged = confidence !== state.min_confidence;
  state.min_confidence = confidence;
  state.offset = 0;
  writeHash();
  if (confidenceChanged) {
    loadStats().catch(() => {});
    loadTopDyads().catch(() => {});
  }
  refresh();
}

// A value from a hand-written link that the select does not offer gets an option of its own.
function showConfidence(value) {
  const select = $("min-confidence");
  if (value && ![...select.options].some((o) => o.value === value)) {
    select.append(el("option", { value, text: `≥ ${value}` }));
  }
  select.value = value;
}

function kpi(value, key, cls = "") {
  return el("div", { class: `kpi ${cls}` }, el("span", { class: "v", text: value }), el("span", { class: "k", text: key }));
}

async function actorName(input, code) {
  if (input.dataset.name) return input.dataset.name;
  const found = await get("/actors", { q: code, limit: 5 }).catch(() => ({ items: [] }));
  const exact = found.items.find((a) => a.code === code);
  if (exact) input.dataset.name = exact.name;
  return exact ? exact.name : code;
}

function names() {
  return Promise.all([actorName($("actor-a"), state.a), actorName($("actor-b"), state.b)]);
}

async function refreshChart() {
  const [nameA, nameB] = await names();
  $("chart-title").textContent = `Cooperation vs conflict · ${nameA} ⇄ ${nameB}`;
  const tl = await get("/dyads/timeline", {
    a: state.a, b: state.b, interval: state.interval, since: state.since, until: state.until, min_confidence: state.min_confidence,
  });
  const sum = (k) => tl.points.reduce((n, p) => n + p[k], 0);
  const total = sum("events");
  const coop = sum("verbal_cooperation") + sum("material_cooperation");
  const conflict = sum("verbal_conflict") + sum("material_conflict");
  const weighted = tl.points.reduce((n, p) => n + (p.mean_goldstein ?? 0) * p.events, 0);
  clear($("kpis")).append(
    kpi(total, "events"),
    kpi(total ? `${Math.round((100 * coop) / total)}%` : "–", "cooperation", "coop"),
    kpi(total ? `${Math.round((100 * conflict) / total)}%` : "–", "conflict", "conf"),
    kpi(total ? fmt(weighted / total) : "–", "mean Goldstein"),
  );
  $("chart-empty").hidden = tl.points.length > 0;
  $("timeline").parentElement.hidden = tl.points.length === 0;
  if (tl.points.length) timeline.render(tl.points, state.interval);
}

function filters() {
  return { dyad: `${state.a},${state.b}`, since: state.since, until: state.until, min_confidence: state.min_confidence };
}

async function refreshEvents() {
  const page = await get("/events", { ...filters(), limit: PAGE, offset: state.offset, sort: "-date" });
  renderEvents($("events").querySelector("tbody"), page.items);
  $("events-count").textContent = `· ${page.total}`;
  const last = Math.min(page.offset + page.items.length, page.total);
  $("page-info").textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : "";
  $("prev").disabled = page.offset === 0;
  $("next").disabled = last >= page.total;
}

async function refreshMap() {
  const spots = await get("/locations", { ...filters(), limit: 300 });
  const n = spots.items.reduce((s, p) => s + p.events, 0);
  $("map-note").textContent = `${n} located event(s) at ${spots.items.length} place(s)`;
  await worldMap.render(spots.items);
}

function showError(err) {
  const body = $("events").querySelector("tbody");
  clear(body).append(el("tr", {}, el("td", { colspan: COLUMNS }, el("div", { class: "card error-box", text: err.message }))));
}

async function refresh() {
  if (!state.a || !state.b) return;
  document.body.dataset.loading = "1";
  try {
    await Promise.all([refreshChart(), refreshEvents(), refreshMap()]);
  } catch (err) {
    showError(err);
  } finally {
    delete document.body.dataset.loading;
    document.body.dataset.ready = "1";
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
  }
}

const timeline = new Timeline($("timeline"));
const worldMap = new WorldMap($("map"));

function init() {
  readHash();
  $("actor-a").value = state.a;
  $("actor-b").value = state.b;
  $("interval").value = state.interval;
  $("since").value = state.since;
  $("until").value = state.until;
  showConfidence(state.min_confidence);
  typeahead($("actor-a"));
  typeahead($("actor-b"));
  $("dyad-form").addEventListener("submit", (e) => {
    e.preventDefault();
    submit();
  });
  $("min-confidence").addEventListener("change", submit); // a read filter: applies at once
  $("swap").addEventListener("click", () => {
    const a = $("actor-a");
    const b = $("actor-b");
    [a.value, b.value] = [b.value, a.value];
    [a.dataset.name, b.dataset.name] = [b.dataset.name || "", a.dataset.name || ""];
    submit();
  });
  $("prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE);
    writeHash();
    refreshEvents();
  });
  $("next").addEventListener("click", () => {
    state.offset += PAGE;
    writeHash();
    refreshEvents();
  });
  document.querySelectorAll(".tab[data-view]").forEach((tab) =>
    tab.addEventListener("click", (e) => {
      e.preventDefault();
      state.view = tab.dataset.view;
      writeHash();
      showView();
    }),
  );
  setupPaste();
  showView();
  loadStats().catch(() => {});
  loadTopDyads().catch(() => {});
  refresh();
  startLive(refreshAll);
}

// New events arrived (an `eventwire watch` writes into the store): every view again, in place, keeping
// the chosen dyad, dates and page.
async function refreshAll() {
  await Promise.all([loadStats().catch(() => {}), loadTopDyads().catch(() => {}), refresh()]);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
