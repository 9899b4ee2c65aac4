import type { PhaseResult } from "../phase.js";
import type { Comparison } from "./compare.js";
import type { TargetCheck } from "./targets.js";

const num = (n: number | undefined, digits = 1): string =>
  n === undefined || !Number.isFinite(n) ? "–" : n.toFixed(digits);
const int = (n: number | undefined): string =>
  n === undefined || !Number.isFinite(n) ? "–" : Math.round(n).toLocaleString("en");

/** Renders rows as aligned columns: text left, figures right. */
function grid(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function phaseRows(phases: PhaseResult[]): string {
  const header = [
    "scenario",
    "step",
    "stack",
    "entries",
    "e2e p50",
    "p95",
    "p99",
    "max",
    "deliv/s",
    "API p50",
    "API p99",
    "srv CPU%",
    "wrk CPU%",
    "rdr CPU%",
    "redis%",
    "other%",
    "srv MB",
    "wrk MB",
    "lost",
    "dup",
  ];
  const rows = phases.map((p) => [
    p.scenario,
    p.step,
    p.stack,
    int(p.entries),
    num(p.e2e.p50),
    num(p.e2e.p95),
    num(p.e2e.p99),
    num(p.e2e.max),
    int(p.deliveriesPerSec),
    num(p.api.p50),
    num(p.api.p99),
    int(p.cpu.server),
    p.stack === "herald" ? int(p.cpu.worker) : "–",
    int(p.cpu.readers),
    int(p.cpu.redis),
    int(p.cpu.other),
    int(p.peakRssMb.server),
    p.stack === "herald" ? int(p.peakRssMb.worker) : "–",
    int(p.lost),
    int(p.duplicates),
  ]);
  return grid(header, rows);
}

function comparisonRows(comparisons: Comparison[]): string {
  const header = [
    "scenario",
    "step",
    "",
    "p50 ratio",
    "p99 ratio",
    "p50 +ms",
    "p99 +ms",
    "deliv/s per server ratio",
  ];
  return grid(
    header,
    comparisons.map((c) => [
      c.scenario,
      c.step,
      "",
      `${num(c.p50Ratio, 2)}×`,
      `${num(c.p99Ratio, 2)}×`,
      num(c.p50DeltaMs),
      num(c.p99DeltaMs),
      `${num(c.throughputRatio, 2)}×`,
    ]),
  );
}

/**
 * What Redis did in a phase: pub/sub messages each readers' server received (the sharded
 * adapter's saving on a cluster), and Redis CPU, per primary on a cluster.
 */
function redisFigures(p: PhaseResult): string {
  const e = p.extra;
  const primaries = Object.keys(e)
    .filter((key) => /^redisCpuPrimary\d+$/.test(key))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((key) => int(e[key]));
  return (
    `pub/sub messages received per server ${int(e.pubsubPerServer)}` +
    (e.pubsubPerServerMin === undefined
      ? ""
      : ` (min ${int(e.pubsubPerServerMin)}, max ${int(e.pubsubPerServerMax)})`) +
    `; Redis CPU ${int(p.cpu.redis)} %` +
    (primaries.length
      ? ` (primaries ${primaries.join(" / ")} %, replicas together ${int(e.redisCpuReplicasTotal)} %)`
      : "")
  );
}

/** The figures particular to one scenario, one line per phase. */
function extras(phases: PhaseResult[]): string {
  const lines: string[] = [];
  for (const p of phases) {
    const e = p.extra;
    const head = `${p.scenario} · ${p.stack} · ${p.step}:`;
    if (p.hops) {
      const h = p.hops;
      lines.push(
        `${head} per hop (mean, wall clock): POST sent → API ${num(h.sentToApi.mean, 2)} ms, ` +
          `API → applied ${num(h.apiToApply.mean, 2)} ms, applied → reader ${num(h.applyToReader.mean, 2)} ms; ` +
          `payload ${int(p.payloadBytes)} B`,
      );
    }
    if (p.scenario === "startup")
      lines.push(
        `${head} spawn → /readyz 200: compiled p50 ${int(e.readyMsP50)} ms (min ${int(e.readyMsMin)}, max ${int(e.readyMsMax)}, ` +
          `CPU ${int(e.readyCpuMsP50)} ms), from source (tsx) p50 ${int(e.sourceReadyMsP50)} ms (CPU ${int(e.sourceReadyCpuMsP50)} ms), ` +
          `${int(e.spawns)} spawns each`,
      );
    if (p.scenario === "breaking")
      lines.push(
        `${head} connect + subscribe ${int(e.connectMs)} ms, server memory ${num(e.memPerConnKb)} KB per connection`,
      );
    if (p.scenario === "publish")
      lines.push(
        `${head} offered ${int(e.offeredPerSec)}/s, accepted ${int(e.acceptedPerSec)}/s, skipped ${int(e.skipped)}` +
          (e.serverCpuMsPerPost === undefined
            ? ""
            : `, server CPU ${num(e.serverCpuMsPerPost, 2)} ms per POST`) +
          (e.queueWaitingMax === undefined
            ? ""
            : `, queue waiting max ${int(e.queueWaitingMax)}, at end ${int(e.queueWaitingLast)}`),
      );
    if (p.scenario === "blogs" && e.acceptedPerSec !== undefined)
      lines.push(
        `${head} offered ${int(e.offeredPerSec)}/s, accepted ${int(e.acceptedPerSec)}/s, skipped ${int(e.skipped)}`,
      );
    if (e.pubsubPerServer !== undefined && (p.redis || p.scenario === "blogs" || p.scenario === "publish"))
      lines.push(`${head} ${redisFigures(p)}`);
    if (p.scenario === "storm")
      lines.push(
        `${head} idle ${num(e.memPerIdleConnKb)} KB per connection; restart ${int(e.restartMs)} ms; after the drop: ` +
          `reconnected p50 ${int(e.reconnectedMsP50)} / max ${int(e.reconnectedMsMax)} ms, ` +
          `resubscribed p50 ${int(e.resubscribedMsP50)} / max ${int(e.resubscribedMsMax)} ms` +
          (e.caughtUpMsMax === undefined
            ? ""
            : `, caught up p50 ${int(e.caughtUpMsP50)} / p99 ${int(e.caughtUpMsP99)} / all ${int(e.caughtUpMsMax)} ms ` +
              `(${int((e.caughtUpMsMax ?? NaN) - (e.restartMs ?? NaN))} ms after the server was back) ` +
              `(${int(e.outageEntries)} entries missed, ${int(e.caughtUpMsMissing)} readers not caught up)`) +
          `; overlaps ${int(p.overlaps)}, gap fills ${int(p.gapFills)}, resets ${int(p.resets)}`,
      );
    if (p.scenario === "pageload")
      lines.push(
        `${head} ${int(e.requests)} GETs at ${int(e.requestsPerSec)}/s: ${num(e.redisCommandsPerRequest, 3)} Redis commands per request ` +
          `(${int(e.coalescedReads)} reads coalesced), GET p50 ${num(p.api.p50)} / p99 ${num(p.api.p99)} ms, ` +
          `server CPU ${int(e.serverCpuUsPerRequest)} µs per request` +
          (e.conditional ? `, ${num((e.notModifiedShare ?? NaN) * 100)} % answered 304` : ""),
      );
    if ((e.fanoutRepairs ?? 0) > 0)
      lines.push(
        `${head} the server re-sent ${int(e.fanoutRepairs)} updates from the log to whole rooms (fan-out repair)`,
      );
    if (p.behind > 0 || p.rejected > 0)
      lines.push(`${head} ${int(p.behind)} readers behind at the end, ${int(p.rejected)} posts rejected`);
  }
  return lines.join("\n");
}

function targetRows(checks: TargetCheck[]): string {
  return checks
    .map((c) => `${c.met === null ? "·" : c.met ? "✔" : "✘"} ${c.target}\n    ${c.measured}`)
    .join("\n");
}

/** The whole terminal report. Latencies in ms; CPU in % of one core; memory is peak RSS. */
export function renderTable(phases: PhaseResult[], comparisons: Comparison[], checks: TargetCheck[]): string {
  return [
    "Results (latency ms: POST sent → update shown by the reader; CPU % of one core, other% = the rest of the machine; MB = peak RSS)",
    phaseRows(phases),
    "",
    "Herald as a ratio to the ceiling (plain Socket.IO) measured in the same run",
    comparisonRows(comparisons),
    "",
    extras(phases),
    "",
    "Targets",
    checks.length ? targetRows(checks) : "not checked (smoke run)",
  ].join("\n");
}
