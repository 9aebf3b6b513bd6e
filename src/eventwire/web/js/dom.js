// Small DOM helpers: build elements without innerHTML, so text from the store is never parsed as HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function fmt(n, digits = 1) {
  if (n === null || n === undefined || Number.isNaN(n)) return "–";
  return (n > 0 ? "+" : "") + n.toFixed(digits);
}

// The evidence sentence with source, target and trigger wrapped in <mark>s.
export function evidenceSentence(evidence) {
  const span = el("span", { class: "sentence" });
  for (const seg of evidence.segments) {
    span.append(seg.role ? el("mark", { class: `hl-${seg.role}`, title: seg.role, text: seg.text }) : seg.text);
  }
  return span;
}

export const QUADS = [
  { key: "verbal_cooperation", label: "Verbal cooperation", color: "#86efac" },
  { key: "material_cooperation", label: "Material cooperation", color: "#16a34a" },
  { key: "verbal_conflict", label: "Verbal conflict", color: "#fdba74" },
  { key: "material_conflict", label: "Material conflict", color: "#dc2626" },
];
