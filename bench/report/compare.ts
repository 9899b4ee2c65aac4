import type { PhaseResult } from "../phase.js";

/** Herald against the ceiling at one step of one scenario, both measured in the same run. */
export interface Comparison {
  scenario: string;
  step: string;
  readers: number;
  p50Ratio: number;
  p99Ratio: number;
  p50DeltaMs: number;
  p99DeltaMs: number;
  /** Herald's deliveries per second per server process over the ceiling's (one process). */
  throughputRatio: number;
}

function serverCount(phase: PhaseResult): number {
  return Math.max(1, phase.usage.processes.filter((p) => p.role === "server").length);
}

export function compare(phases: PhaseResult[]): Comparison[] {
  const out: Comparison[] = [];
  for (const herald of phases.filter((p) => p.stack === "herald")) {
    const ceiling = phases.find(
      (p) => p.stack === "ceiling" && p.scenario === herald.scenario && p.step === herald.step,
    );
    if (!ceiling) continue;
    // The storm's API server takes no readers: throughput is the readers' server's alone.
    const servers = herald.scenario === "storm" ? 1 : serverCount(herald);
    out.push({
      scenario: herald.scenario,
      step: herald.step,
      readers: herald.readers,
      p50Ratio: herald.e2e.p50 / ceiling.e2e.p50,
      p99Ratio: herald.e2e.p99 / ceiling.e2e.p99,
      p50DeltaMs: herald.e2e.p50 - ceiling.e2e.p50,
      p99DeltaMs: herald.e2e.p99 - ceiling.e2e.p99,
      throughputRatio: herald.deliveriesPerSec / servers / ceiling.deliveriesPerSec,
    });
  }
  return out;
}
