import { join } from "node:path";

/** A system under test: Herald, or the plain Socket.IO ceiling it is compared with. */
export type StackKind = "herald" | "ceiling";

export interface StackProcess {
  role: "server" | "worker";
  pid: number;
}

export interface BenchStack {
  readonly kind: StackKind;
  /** One URL per server process that readers connect to; readers are spread over them. */
  readonly serverUrls: string[];
  /** Where the editor posts. */
  readonly apiUrl: string;
  /** An editor token (the ceiling ignores it). */
  readonly token: string;
  /** The processes whose CPU and memory the results report. */
  processes(): StackProcess[];
  /**
   * Kills reader server `index` at once (SIGKILL: every reader drops in the same instant, as
   * in a crash) and starts it again on the same port.
   */
  restartServer(index: number): Promise<{ droppedAt: number; readyAt: number }>;
  close(): Promise<void>;
}

export interface StackOptions {
  redisUrl: string;
  /** Where processes' logs go. */
  logDir: string;
  /** Set: servers and workers run with --cpu-prof and write their profiles here. */
  cpuProfDir?: string;
}

/**
 * A directory per process: Node names each thread's profile itself (CPU.<date>.<pid>.<thread>),
 * and a fixed name would let tsx's loader thread overwrite the main thread's profile.
 */
export function cpuProfArgs(options: StackOptions, name: string): string[] {
  return options.cpuProfDir
    ? ["--cpu-prof", `--cpu-prof-dir=${join(options.cpuProfDir, `${name}-${Date.now().toString(36)}`)}`]
    : [];
}
