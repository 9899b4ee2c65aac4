import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { trackChild } from "../child-registry.js";
import { nowMs, sleep } from "../clock.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Preloaded into every process the bench starts (exit-with-parent.mjs says why). */
export const EXIT_WITH_PARENT = fileURLToPath(new URL("./exit-with-parent.mjs", import.meta.url));

export interface NodeChild {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The port it printed it listens on (0 for processes without one). */
  port: number;
  logFile: string;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | string>;
  /** Sends `signal`; SIGKILL after `graceMs` if it has not exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** Entry file, relative to the repository root: `.js` runs on plain node, `.ts` through tsx. */
  entry: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Stdout and stderr go to this file: a pipe the bench forgot to read would stall a server. */
  logDir: string;
  /** Reads a JSON log line; returns the port (or 0) once the process is ready. */
  ready: (line: Record<string, unknown>) => number | undefined;
  timeoutMs?: number;
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Starts `node <entry>` (`.ts`: through tsx) and waits until it is ready. */
export async function spawnNode(options: SpawnOptions): Promise<NodeChild> {
  const logFile = join(options.logDir, `${options.name}-${Date.now().toString(36)}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...(options.entry.endsWith(".ts") ? ["--import", "tsx"] : []),
      "--import",
      EXIT_WITH_PARENT,
      options.entry,
    ],
    { cwd: ROOT, env: options.env, stdio: ["ignore", fd, fd] },
  );
  closeSync(fd);
  trackChild(child);
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const early: { code: number | string | null } = { code: null };
  void exited.then((code) => (early.code = code));

  const deadline = nowMs() + (options.timeoutMs ?? 30_000);
  let port: number | undefined;
  let offset = 0;
  while (port === undefined) {
    if (early.code !== null)
      throw new Error(`${options.name} exited (${early.code}) before it was ready:\n${tail(logFile)}`);
    if (nowMs() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${options.name} not ready after ${options.timeoutMs ?? 30_000} ms:\n${tail(logFile)}`);
    }
    await sleep(25);
    const text = readFileSync(logFile, "utf8");
    const lines = text.slice(offset).split("\n");
    const complete = lines.slice(0, -1);
    offset += complete.reduce((n, line) => n + line.length + 1, 0);
    for (const line of complete) {
      try {
        port ??= options.ready(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a JSON log line
      }
    }
  }
  const pid = child.pid ?? 0;
  return {
    name: options.name,
    child,
    pid,
    port,
    logFile,
    exited,
    async stop(signal = "SIGTERM", graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
