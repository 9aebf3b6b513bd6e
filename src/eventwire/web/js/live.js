// Live updates: poll /status; when the store took in new events (an `eventwire watch` writing into it),
// refresh the views in place — no page reload — and show a "N new events" notice until it is dismissed.
import { get } from "./api.js";
import { clear, el } from "./dom.js";

const DEFAULT_MS = 5000;

function ago(iso) {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return new Date(iso).toLocaleString();
}

function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "";
}

// How often to ask: a third of the watcher's interval, between 2 and 15 seconds.
function pollMs(status) {
  const every = status && status.watch && status.watch.every_s;
  return every ? Math.min(15000, Math.max(2000, (every * 1000) / 3)) : DEFAULT_MS;
}

export function startLive(onChange) {
  const box = document.getElementById("live");
  const notice = document.getElementById("new-events");
  let last = null;
  let unseen = 0;

  notice.addEventListener("click", () => {
    unseen = 0;
    notice.hidden = true;
    delete document.body.dataset.newEvents;
    document.getElementById("events").scrollIntoView({ behavior: "smooth", block: "start" });
  });

  function render(s) {
    const watch = s.watch;
    const state = watch ? watch.state : "static";
    box.dataset.state = state;
    const parts = [el("span", { class: "dot", title: watch ? `eventwire watch: ${state}` : "no watcher" })];
    parts.push(el("span", { text: `store updated ${ago(s.changed_at)}` }));
    if (watch && state === "running" && watch.next_cycle_at) parts.push(el("span", { class: "muted", text: `next check ${clock(watch.next_cycle_at)}` }));
    if (watch && state === "once") parts.push(el("span", { class: "muted", text: `last checked ${ago(watch.updated_at)}` }));
    else if (watch && state !== "running" && state !== "starting") parts.push(el("span", { class: "muted", text: `watch ${state}` }));
    if (watch && watch.failing) parts.push(el("span", { class: "warn", text: `${watch.failing} source${watch.failing === 1 ? "" : "s"} failing` }));
    clear(box).append(...parts);
    box.title = s.changed_at ? `Last change: ${new Date(s.changed_at).toLocaleString()}` : "";
    box.hidden = false;
  }

  function announce(added) {
    unseen += added;
    if (unseen <= 0) return;
    notice.textContent = `${unseen.toLocaleString()} new event${unseen === 1 ? "" : "s"}`;
    notice.hidden = false;
    document.body.dataset.newEvents = String(unseen);
  }

  async function tick() {
    let status = last;
    try {
      status = await get("/status");
      render(status);
      const changed = last && (status.events !== last.events || status.changed_at !== last.changed_at);
      if (changed) {
        announce(status.events - last.events);
        await onChange(status);
        document.body.dataset.liveRefreshes = String(Number(document.body.dataset.liveRefreshes || 0) + 1);
      }
      last = status;
    } catch (err) {
      box.dataset.state = "offline";
    } finally {
      setTimeout(tick, document.hidden ? 4 * pollMs(status) : pollMs(status));
    }
  }
  tick();
}
