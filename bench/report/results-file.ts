import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { MachineInfo } from "../machine.js";
import type { BenchOptions } from "../options.js";
import type { PhaseResult } from "../phase.js";
import { renderLatencyChart } from "./chart.js";
import type { Comparison } from "./compare.js";
import type { TargetCheck } from "./targets.js";

/** One run, as written to `<out>/<runId>.json`. */
export interface RunResults {
  runId: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: MachineInfo;
  options: BenchOptions;
  phases: PhaseResult[];
  comparisons: Comparison[];
  targets: TargetCheck[];
}

/**
 * Writes the JSON and, when there are latency points to draw, the SVG chart beside it, and
 * copies the chart to `chartCopy` (docs/benchmarks-latency.svg). Returns the paths written.
 */
export function writeResults(run: RunResults, out: string, chartCopy: string | null): string[] {
  mkdirSync(out, { recursive: true });
  const json = join(out, `${run.runId}.json`);
  // NaN is not JSON: a figure that could not be measured is written as null.
  writeFileSync(
    json,
    `${JSON.stringify(run, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
  const written = [json];
  const m = run.machine;
  const svg = renderLatencyChart(
    run.phases,
    `${run.startedAt.slice(0, 10)} · ${m.nproc} × ${m.cpuModel} · Node ${m.node} · Redis ${m.redis}`,
    `${run.options.hop.readers} readers: hop (an entry every ${run.options.hop.intervalMs} ms); ` +
      `more: breaking news (an entry every ${run.options.breaking.intervalMs} ms). npm run bench`,
  );
  if (svg) {
    const chart = join(out, `${run.runId}-latency.svg`);
    writeFileSync(chart, svg);
    written.push(chart);
    if (chartCopy) {
      mkdirSync(dirname(chartCopy), { recursive: true });
      copyFileSync(chart, chartCopy);
      written.push(chartCopy);
    }
  }
  return written;
}
