import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { trackChild } from "../child-registry.js";
import type {
  CatchUpReport,
  OpenResult,
  PhaseCounts,
  ProgressMessage,
  ReaderApi,
  ReaderCommand,
  ReaderStatus,
  ReaderTarget,
  ReplyMessage,
} from "./messages.js";

const ENTRY = fileURLToPath(new URL("./reader-process.ts", import.meta.url));

interface ReaderProcess {
  child: ChildProcess;
  readers: number;
  progress: ReaderStatus;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>;
}

/**
 * Simulated readers in separate processes, `socketsPerProcess` each (a process is limited by
 * `ulimit -n` and by its one core). Readers are added in steps; every request goes to every
 * process and their answers come back as a list.
 */
export class ReaderPool {
  readonly #processes: ReaderProcess[] = [];
  #nextId = 1;

  constructor(private readonly socketsPerProcess: number) {}

  get size(): number {
    return this.#processes.reduce((n, p) => n + p.readers, 0);
  }

  pids(): number[] {
    return this.#processes.map((p) => p.child.pid ?? 0);
  }

  #spawn(): ReaderProcess {
    const child = fork(ENTRY, [], {
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    trackChild(child);
    const proc: ReaderProcess = {
      child,
      readers: 0,
      progress: { readers: 0, connected: 0, subscribed: 0 },
      pending: new Map(),
    };
    child.on("message", (message: ReplyMessage | ProgressMessage) => {
      if ("progress" in message) {
        proc.progress = message.progress;
        return;
      }
      const waiter = proc.pending.get(message.id);
      proc.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.response);
      else waiter?.reject(new Error(`reader process: ${message.error}`));
    });
    child.once("exit", (code, signal) => {
      for (const waiter of proc.pending.values())
        waiter.reject(new Error(`a reader process exited (${code ?? signal})`));
      proc.pending.clear();
    });
    this.#processes.push(proc);
    return proc;
  }

  #ask<K extends ReaderCommand>(
    proc: ReaderProcess,
    kind: K,
    request: ReaderApi[K]["request"],
  ): Promise<ReaderApi[K]["response"]> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      // The reply crosses a process boundary: its shape is the one reader-process.ts sends for `kind`.
      proc.pending.set(id, { resolve: (value) => resolve(value as ReaderApi[K]["response"]), reject });
      proc.child.send({ id, kind, request });
    });
  }

  #askAll<K extends ReaderCommand>(kind: K, request: ReaderApi[K]["request"]) {
    return Promise.all(this.#processes.map((p) => this.#ask(p, kind, request)));
  }

  /** Adds readers, filling the current processes before starting new ones. */
  async add(
    targets: ReaderTarget[],
    options: { keepArrivals?: boolean; concurrency?: number; onProgress?: (subscribed: number) => void } = {},
  ): Promise<OpenResult> {
    const batches: [ReaderProcess, ReaderTarget[]][] = [];
    let rest = targets;
    for (const proc of this.#processes) {
      const room = this.socketsPerProcess - proc.readers;
      if (room > 0 && rest.length > 0) {
        batches.push([proc, rest.slice(0, room)]);
        rest = rest.slice(room);
      }
    }
    while (rest.length > 0) {
      batches.push([this.#spawn(), rest.slice(0, this.socketsPerProcess)]);
      rest = rest.slice(this.socketsPerProcess);
    }
    const before = this.#processes.reduce((n, p) => n + p.progress.subscribed, 0);
    const ticker = setInterval(() => {
      const now = this.#processes.reduce((n, p) => n + p.progress.subscribed, 0);
      options.onProgress?.(Math.max(0, now - before));
    }, 500);
    try {
      const results = await Promise.all(
        batches.map(([proc, batch]) => {
          proc.readers += batch.length;
          return this.#ask(proc, "open", {
            targets: batch,
            concurrency: options.concurrency ?? 50,
            keepArrivals: options.keepArrivals ?? false,
            timeoutMs: 30_000,
          });
        }),
      );
      return results.reduce<OpenResult>(
        (sum, r) => ({
          opened: sum.opened + r.opened,
          failed: sum.failed + r.failed,
          ...((sum.firstError ?? r.firstError) ? { firstError: sum.firstError ?? r.firstError } : {}),
        }),
        { opened: 0, failed: 0 },
      );
    } finally {
      clearInterval(ticker);
    }
  }

  async phaseStart(hops = false): Promise<void> {
    await this.#askAll("phaseStart", { hops });
  }

  phaseEnd(expected: Record<string, number>, timeoutMs: number): Promise<PhaseCounts[]> {
    return this.#askAll("phaseEnd", { expected, timeoutMs });
  }

  async status(): Promise<ReaderStatus> {
    const all = await this.#askAll("status", {});
    return all.reduce(
      (sum, s) => ({
        readers: sum.readers + s.readers,
        connected: sum.connected + s.connected,
        subscribed: sum.subscribed + s.subscribed,
      }),
      { readers: 0, connected: 0, subscribed: 0 },
    );
  }

  catchUp(since: number, targets: Record<string, number>, timeoutMs: number): Promise<CatchUpReport[]> {
    return this.#askAll("catchUp", { since, targets, timeoutMs });
  }

  /** Closes every reader and ends the processes. */
  async close(): Promise<void> {
    await Promise.all(
      this.#processes.map(async (proc) => {
        const exited = new Promise<void>((resolve) => {
          if (proc.child.exitCode !== null || proc.child.signalCode !== null) resolve();
          else proc.child.once("exit", () => resolve());
        });
        try {
          await Promise.race([this.#ask(proc, "close", {}), exited]);
        } catch {
          // already gone
        }
        const timer = setTimeout(() => proc.child.kill("SIGKILL"), 3_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.#processes.length = 0;
  }
}
