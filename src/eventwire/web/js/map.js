// Offline world map (Natural Earth outlines from the vendored world-atlas, drawn with d3-geo) with one
// circle per event location: size = number of events, colour = cooperation vs conflict.
import { clear } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const HEIGHT = 340;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function colour(spot) {
  const total = spot.cooperation + spot.conflict;
  if (!total) return "#94a3b8";
  const share = spot.conflict / total;
  if (share > 0.6) return "#dc2626";
  if (share < 0.4) return "#16a34a";
  return "#f59e0b";
}

export class WorldMap {
  constructor(node) {
    this.node = node;
    this.world = null;
  }

  async load() {
    if (this.world) return;
    const response = await fetch("/static/vendor/world-atlas/countries-110m.json");
    const topo = await response.json();
    this.world = window.topojson.feature(topo, topo.objects.countries);
    this.projection = window.d3.geoNaturalEarth1().fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], { type: "Sphere" });
    this.path = window.d3.geoPath(this.projection);
  }

  // Fit the view to the spots with a margin (the whole world when there are none or they spread wide).
  frame(spots) {
    const world = { type: "Sphere" };
    let target = world;
    if (spots.length) {
      const lons = spots.map((s) => s.lon);
      const lats = spots.map((s) => s.lat);
      const west = Math.min(...lons) - 25;
      const east = Math.max(...lons) + 25;
      const south = Math.max(-85, Math.min(...lats) - 18);
      const north = Math.min(85, Math.max(...lats) + 18);
      if (east - west < 300) {
        target = { type: "MultiPoint", coordinates: [[west, south], [east, north], [west, north], [east, south]] };
      }
    }
    this.projection.fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], target);
  }

  async render(spots) {
    await this.load();
    this.frame(spots);
    const root = clear(this.node);
    root.append(svg("path", { class: "sphere", d: this.path({ type: "Sphere" }) }));
    root.append(svg("path", { class: "graticule", d: this.path(window.d3.geoGraticule10()) }));
    const land = svg("g");
    for (const feature of this.world.features) land.append(svg("path", { class: "land", d: this.path(feature) }));
    root.append(land);
    const max = Math.max(1, ...spots.map((s) => s.events));
    const layer = svg("g");
    const sorted = [...spots].sort((a, b) => b.events - a.events);
    for (const spot of sorted) {
      const xy = this.projection([spot.lon, spot.lat]);
      if (!xy) continue;
      const r = 4 + 14 * Math.sqrt(spot.events / max);
      const circle = svg("circle", { class: "spot", cx: xy[0], cy: xy[1], r, fill: colour(spot) });
      const title = svg("title");
      title.textContent = `${spot.name || "?"}: ${spot.events} events (${spot.cooperation} cooperation, ${spot.conflict} conflict)`;
      circle.append(title);
      layer.append(circle);
    }
    for (const spot of sorted.slice(0, 5)) {
      const xy = this.projection([spot.lon, spot.lat]);
      if (!xy || !spot.name) continue;
      const text = svg("text", { class: "spot-label", x: xy[0] + 9, y: xy[1] - 8 });
      text.textContent = spot.name.split(",")[0];
      layer.append(text);
    }
    root.append(layer);
  }
}
