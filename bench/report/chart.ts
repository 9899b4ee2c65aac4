import type { PhaseResult } from "../phase.js";

const WIDTH = 820;
const HEIGHT = 490;
const PLOT = { left: 70, right: 600, top: 64, bottom: 400 };
const PERCENTILES = [
  { key: "p50", color: "#2563eb" },
  { key: "p95", color: "#d97706" },
  { key: "p99", color: "#dc2626" },
] as const;
const STACKS = [
  { kind: "herald", name: "Herald", dash: "" },
  { kind: "ceiling", name: "plain Socket.IO (ceiling)", dash: "6 4" },
] as const;

const escape = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Log-scale ticks 1-2-5 within [min, max]. */
function ticks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(min)); decade <= max * 10; decade *= 10)
    for (const m of [1, 2, 5]) if (decade * m >= min && decade * m <= max) out.push(decade * m);
  return out;
}

/** Maps [min, max] on a log scale onto [from, to] (to < from for an axis that grows upwards). */
function logScale(min: number, max: number, from: number, to: number): (value: number) => number {
  const span = Math.log10(max) - Math.log10(min);
  return (value) => from + ((Math.log10(value) - Math.log10(min)) / span) * (to - from);
}

/**
 * Latency percentiles against readers, Herald beside the ceiling, on log-log axes: the hop
 * scenario's few readers and each breaking-news step. Plain SVG, no library.
 */
export function renderLatencyChart(phases: PhaseResult[], subtitle: string, footnote: string): string | null {
  // Single Redis only: the chart sets Herald beside the ceiling, which is not run on a cluster.
  const points = phases.filter(
    (p) => (p.scenario === "hop" || p.scenario === "breaking") && p.e2e.count > 0 && p.redis === undefined,
  );
  if (points.length < 2) return null;
  const readers = [...new Set(points.map((p) => p.readers))].sort((a, b) => a - b);
  const values = points.flatMap((p) => [p.e2e.p50, p.e2e.p95, p.e2e.p99]).filter((v) => v > 0);
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const xMin = readers[0]!;
  const xMax = Math.max(readers.at(-1)!, xMin * 10);
  const x = logScale(xMin, xMax, PLOT.left, PLOT.right);
  const y = logScale(yMin, yMax, PLOT.bottom, PLOT.top);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${PLOT.left}" y="24" font-size="16" font-weight="600">End-to-end latency against readers of one article</text>`,
    `<text x="${PLOT.left}" y="44" fill="#555">${escape(subtitle)}</text>`,
  ];
  for (const t of ticks(yMin, yMax)) {
    parts.push(
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e7eb"/>`,
      `<text x="${PLOT.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t.toLocaleString("en")}</text>`,
    );
  }
  for (const n of readers) {
    parts.push(
      `<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#f1f5f9"/>`,
      `<text x="${x(n).toFixed(1)}" y="${PLOT.bottom + 18}" text-anchor="middle">${n.toLocaleString("en")}</text>`,
    );
  }
  parts.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#9ca3af"/>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 42}" text-anchor="middle">readers (log scale)</text>`,
    `<text x="${PLOT.left}" y="${PLOT.bottom + 72}" fill="#555">${escape(footnote)}</text>`,
    `<text transform="translate(20 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">ms from POST sent to update shown (log scale)</text>`,
  );
  for (const stack of STACKS) {
    const mine = points.filter((p) => p.stack === stack.kind).sort((a, b) => a.readers - b.readers);
    if (mine.length === 0) continue;
    for (const { key, color } of PERCENTILES) {
      const xy = mine.map((p) => [x(p.readers).toFixed(1), y(p.e2e[key]).toFixed(1)] as const);
      parts.push(
        `<polyline points="${xy.map((pt) => pt.join(",")).join(" ")}" fill="none" stroke="${color}" stroke-width="2"${stack.dash ? ` stroke-dasharray="${stack.dash}"` : ""}/>`,
        ...xy.map(([cx, cy]) =>
          stack.dash
            ? `<rect x="${Number(cx) - 3}" y="${Number(cy) - 3}" width="6" height="6" fill="#fff" stroke="${color}"/>`
            : `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`,
        ),
      );
    }
  }
  let ly = PLOT.top + 6;
  for (const stack of STACKS) {
    parts.push(`<text x="${PLOT.right + 20}" y="${ly}" font-weight="600">${escape(stack.name)}</text>`);
    ly += 18;
    for (const { key, color } of PERCENTILES) {
      parts.push(
        `<line x1="${PLOT.right + 20}" x2="${PLOT.right + 52}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${stack.dash ? ` stroke-dasharray="${stack.dash}"` : ""}/>`,
        `<text x="${PLOT.right + 60}" y="${ly}">${key}</text>`,
      );
      ly += 18;
    }
    ly += 10;
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
