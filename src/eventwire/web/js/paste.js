// "Paste an article": POST /code and show the events found, nothing stored.
import { post } from "./api.js";
import { clear, el, evidenceSentence, fmt } from "./dom.js";

function who(actor) {
  return actor ? `${actor.name || actor.code} (${actor.code})` : "—";
}

export function setupPaste() {
  const form = document.getElementById("paste-form");
  const status = document.getElementById("paste-status");
  const results = document.getElementById("paste-results");
  const button = document.getElementById("paste-go");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = document.getElementById("paste-text").value;
    const date = document.getElementById("paste-date").value || null;
    button.disabled = true;
    status.textContent = "Coding… (the first request loads the language model)";
    clear(results);
    try {
      const found = await post("/code", { text, date });
      status.textContent = `${found.events.length} event(s) found`;
      for (const ev of found.events) {
        results.append(
          el(
            "article",
            { class: "card result" },
            el(
              "div",
              {},
              el("div", { class: "who", text: `${who(ev.source)} → ${who(ev.target)}` }),
              el("div", {}, el("span", { class: `code-badge q${ev.quad_class}`, text: ev.code }), ev.code_name || ""),
              el("div", { class: "muted", text: `${ev.plover || ""} · Goldstein ${fmt(ev.goldstein)}${ev.date ? ` · ${ev.date}` : ""}` }),
            ),
            el("div", { class: "evidence" }, evidenceSentence(ev.evidence)),
          ),
        );
      }
    } catch (err) {
      status.textContent = "";
      results.append(el("div", { class: "card error-box", text: err.message }));
    } finally {
      button.disabled = false;
    }
  });
}
