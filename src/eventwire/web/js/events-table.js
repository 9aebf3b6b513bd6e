// The events table: date, actors, code, Goldstein, confidence and the evidence sentence with highlights; a
// click on a row shows every mention of the event (GET /events/{id}).
import { get } from "./api.js";
import { clear, el, evidenceSentence, fmt } from "./dom.js";

export const COLUMNS = 6;

function actorCell(actor, arrow = false) {
  const lead = arrow ? el("span", { class: "arrow", text: "→" }) : null;
  if (!actor) return el("span", { class: "actor muted" }, lead, "—");
  return el("span", { class: "actor", title: actor.code }, lead, actor.name || actor.code, el("small", { text: actor.code }));
}

function evidenceCell(evidence) {
  if (!evidence) return el("span", { class: "muted", text: "no evidence stored" });
  const meta = el("div", { class: "meta" });
  if (evidence.source) meta.append(evidence.source, " · ");
  // The original page when we know its URL, else the stored article text (GET /articles/{id}).
  const href = evidence.url || (evidence.article_id ? `/articles/${encodeURIComponent(evidence.article_id)}` : null);
  if (href) {
    meta.append(el("a", { href, target: "_blank", rel: "noopener noreferrer", class: "article-link", text: evidence.title || "article" }), " ↗");
  } else if (evidence.title) {
    meta.append(evidence.title);
  }
  return el("div", { class: "evidence" }, evidenceSentence(evidence), meta);
}

function row(event) {
  const gs = event.goldstein;
  // "background": an earlier action the article recalls, not news of its day (left out of GDELT exports)
  const flags = [event.negated && "negated", event.hypothetical && "hypothetical", event.historical && "background"].filter(Boolean);
  return el(
    "tr",
    { class: "event-row", "data-id": event.id },
    el("td", { class: "date", text: event.date || "—" }),
    el("td", { class: "who" }, actorCell(event.source), actorCell(event.target, true)),
    el(
      "td",
      { class: "event" },
      el("span", { class: `code-badge q${event.quad_class}`, text: event.code || "?" }),
      event.code_name || "",
      ...flags.map((f) => el("span", { class: "flag", text: f })),
      el("span", {
        class: "plover",
        title: "which coder found it: pattern, model or both",
        text: [event.plover, event.mentions > 1 ? `${event.mentions} mentions` : "", event.path ? `by ${event.path}` : ""].filter(Boolean).join(" · "),
      }),
    ),
    el("td", { class: `num ${gs > 0 ? "gs-pos" : gs < 0 ? "gs-neg" : ""}`, text: fmt(gs) }),
    // null: an imported GDELT event, which has no calibrated confidence
    el("td", { class: "num confidence", text: event.confidence == null ? "–" : event.confidence.toFixed(2) }),
    el("td", {}, evidenceCell(event.evidence)),
  );
}

async function toggleDetail(tr, id) {
  const next = tr.nextElementSibling;
  if (next && next.classList.contains("detail")) {
    next.remove();
    return;
  }
  const cell = el("td", { colspan: COLUMNS }, el("span", { class: "muted", text: "Loading mentions…" }));
  tr.after(el("tr", { class: "detail" }, cell));
  try {
    const detail = await get(`/events/${encodeURIComponent(id)}`);
    clear(cell).append(
      el("div", { class: "muted", text: `${detail.mentions.length} mention(s) of this event` }),
      el("ol", { class: "mentions" }, detail.mentions.map((m) => el("li", {}, evidenceCell(m.evidence)))),
    );
  } catch (err) {
    clear(cell).append(el("span", { class: "muted", text: err.message }));
  }
}

export function renderEvents(tbody, items) {
  clear(tbody);
  if (!items.length) {
    tbody.append(el("tr", {}, el("td", { colspan: COLUMNS, class: "muted", text: "No events match." })));
    return;
  }
  for (const event of items) {
    const tr = row(event);
    tr.addEventListener("click", (e) => {
      if (e.target.closest("a")) return;
      toggleDetail(tr, event.id);
    });
    tbody.append(tr);
  }
}
