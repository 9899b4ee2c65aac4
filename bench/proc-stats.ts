import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { nowMs } from "./clock.js";

/**
 * `bench`: this process (the editor and the bookkeeping); `idle`: the bench's processes not
 * under test (the other stack, waiting its turn, still answers its readers' pings). Both are
 * counted so that "other" is only what the rest of the machine did.
 */
export type Role = "server" | "worker" | "readers" | "redis" | "bench" | "idle";

/** One process's use of the machine over a phase. */
export interface ProcessUsage {
  role: Role;
  pid: number;
  /** CPU time over wall time: 100 = one core busy the whole phase. */
  cpuPercent: number;
  cpuSeconds: number;
  /** Highest resident set size seen by sampling during the phase. */
  peakRssMb: number;
  /** Resident set size at the end of the phase. */
  rssMb: number;
}

export interface PhaseUsage {
  processes: ProcessUsage[];
  /** The whole machine's CPU over the phase, 100 per core. */
  machineBusyPercent: number;
  /** The machine's CPU not used by any process of the bench: other load sharing the machine. */
  otherPercent: number;
  wallMs: number;
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime, in seconds, from /proc/<pid>/stat; null once the process is gone. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** VmRSS and VmHWM (peak), in MB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
    return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * Samples the processes' memory every `intervalMs` (for the peak) and their CPU time. The
 * list is asked again at each sample: a process started during the phase (the storm's
 * restarted server) is counted from its start, one that died by its last sample.
 */
export function startSampler(
  processes: () => { role: Role; pid: number }[],
  intervalMs = 200,
): { stop(): PhaseUsage } {
  const startedAt = nowMs();
  const startMachine = machineTicks();
  const tracked = new Map<number, { role: Role; cpu0: number; cpu: number; peak: number; rss: number }>();
  let first = true;
  const sample = () => {
    for (const { role, pid } of processes()) {
      const cpu = cpuSecondsOf(pid);
      let entry = tracked.get(pid);
      if (!entry) {
        entry = { role, cpu0: first ? (cpu ?? 0) : 0, cpu: cpu ?? 0, peak: 0, rss: NaN };
        tracked.set(pid, entry);
      }
      entry.cpu = cpu ?? entry.cpu;
      const memory = memoryOf(pid);
      entry.rss = memory?.rssMb ?? NaN;
      if (memory && Number.isFinite(memory.rssMb)) entry.peak = Math.max(entry.peak, memory.rssMb);
    }
    first = false;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const wallMs = nowMs() - startedAt;
      const endMachine = machineTicks();
      const ticks = Math.max(1, endMachine.total - startMachine.total);
      const machineBusyPercent = ((endMachine.busy - startMachine.busy) / ticks) * 100 * cpuCount();
      const processes = [...tracked].map(([pid, p]) => {
        const cpuSeconds = Math.max(0, p.cpu - p.cpu0);
        return {
          role: p.role,
          pid,
          cpuSeconds,
          cpuPercent: (cpuSeconds / (wallMs / 1000)) * 100,
          peakRssMb: p.peak,
          rssMb: p.rss,
        };
      });
      const ours = processes.reduce((sum, p) => sum + p.cpuPercent, 0);
      return { wallMs, machineBusyPercent, otherPercent: Math.max(0, machineBusyPercent - ours), processes };
    },
  };
}

export function cpuCount(): number {
  const text = readFileSync("/proc/stat", "utf8");
  return text.split("\n").filter((line) => /^cpu\d+ /.test(line)).length || 1;
}

/** Total CPU % and the largest peak RSS of the processes of one role. */
export function roleUsage(usage: PhaseUsage, role: Role): { cpuPercent: number; peakRssMb: number } {
  const mine = usage.processes.filter((p) => p.role === role);
  return {
    cpuPercent: mine.reduce((sum, p) => sum + p.cpuPercent, 0),
    peakRssMb: mine.reduce((max, p) => Math.max(max, p.peakRssMb), 0),
  };
}
