// The dyad timeline: stacked bars per quad class and a line of mean Goldstein (Chart.js, vendored).
import { QUADS } from "./dom.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function label(period, interval) {
  const d = new Date(`${period}T00:00:00Z`);
  const month = MONTHS[d.getUTCMonth()];
  if (interval === "month") return `${month} ${d.getUTCFullYear()}`;
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`;
}

function step(date, interval) {
  const d = new Date(date);
  if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + (interval === "week" ? 7 : 1));
  return d;
}

// Empty periods between the first and the last one, so that time reads evenly along the axis.
export function fillGaps(points, interval) {
  if (points.length < 2) return points;
  const byPeriod = new Map(points.map((p) => [p.period, p]));
  const out = [];
  let d = new Date(`${points[0].period}T00:00:00Z`);
  const end = new Date(`${points[points.length - 1].period}T00:00:00Z`);
  while (d <= end && out.length < 2000) {
    const key = d.toISOString().slice(0, 10);
    out.push(
      byPeriod.get(key) || {
        period: key, events: 0, verbal_cooperation: 0, material_cooperation: 0,
        verbal_conflict: 0, material_conflict: 0, mean_goldstein: null, top_codes: [],
      },
    );
    d = step(d, interval);
  }
  return out.length < 2000 ? out : points;
}

export class Timeline {
  constructor(canvas) {
    this.canvas = canvas;
    this.chart = null;
  }

  render(points, interval) {
    const filled = fillGaps(points, interval);
    const labels = filled.map((p) => label(p.period, interval));
    const datasets = QUADS.map((q) => ({
      type: "bar",
      label: q.label,
      data: filled.map((p) => p[q.key]),
      backgroundColor: q.color,
      borderRadius: 3,
      maxBarThickness: 56,
      stack: "events",
      yAxisID: "y",
      order: 2,
    }));
    datasets.push({
      type: "line",
      label: "Mean Goldstein",
      data: filled.map((p) => p.mean_goldstein),
      borderColor: "#e2e8f0",
      backgroundColor: "#e2e8f0",
      borderWidth: 2,
      pointRadius: 3.5,
      pointHoverRadius: 5,
      tension: 0.25,
      spanGaps: true,
      yAxisID: "g",
      order: 1,
    });
    if (this.chart) this.chart.destroy();
    const grid = "rgba(138, 151, 179, 0.12)";
    const ticks = { color: "#8a97b3" };
    this.chart = new window.Chart(this.canvas, {
      data: { labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom", labels: { color: "#c8d1e6", usePointStyle: true, boxWidth: 8 } },
          tooltip: {
            callbacks: {
              afterBody: (items) => {
                const p = filled[items[0].dataIndex];
                return p.top_codes.length ? ["", "Top codes:", ...p.top_codes.map((c) => `  ${c.code} ${c.name || ""}`)] : [];
              },
            },
          },
        },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: "events", color: "#8a97b3" }, grid: { color: grid }, ticks: { ...ticks, precision: 0 } },
          g: { position: "right", min: -10, max: 10, title: { display: true, text: "mean Goldstein", color: "#8a97b3" }, grid: { drawOnChartArea: false }, ticks },
        },
      },
    });
  }
}
