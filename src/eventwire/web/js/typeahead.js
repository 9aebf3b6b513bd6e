// Type-ahead over GET /actors?q=…: arrow keys, Enter or a click pick an actor code.
import { get } from "./api.js";
import { clear, el } from "./dom.js";

export function typeahead(input, { onPick } = {}) {
  const list = input.parentElement.querySelector(".suggestions");
  let items = [];
  let active = -1;
  let timer = null;
  let seq = 0;

  function close() {
    list.hidden = true;
    active = -1;
  }

  function pick(item) {
    input.value = item.code;
    input.dataset.name = item.name;
    input.title = item.name;
    close();
    if (onPick) onPick(item);
  }

  function render() {
    clear(list);
    items.forEach((item, i) => {
      const li = el(
        "li",
        { role: "option", class: i === active ? "active" : "", "data-code": item.code },
        el("span", { class: "code", text: item.code }),
        el("span", { class: "name", text: item.name }),
        el("span", { class: "n", text: `${item.mentions}` }),
      );
      li.addEventListener("mousedown", (e) => {
        e.preventDefault();
        pick(item);
      });
      list.append(li);
    });
    list.hidden = items.length === 0;
  }

  async function lookup() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      items = [];
      render();
      return;
    }
    try {
      const found = await get("/actors", { q, limit: 8 });
      if (mine !== seq) return;
      items = found.items;
      active = items.length ? 0 : -1;
      render();
    } catch {
      items = [];
      render();
    }
  }

  input.addEventListener("input", () => {
    delete input.dataset.name;
    clearTimeout(timer);
    timer = setTimeout(lookup, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      active = (active + step + items.length) % items.length;
      render();
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      pick(items[active]);
    } else if (e.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}
