import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Config } from "../../platform/config.js";
import { patient } from "./patience.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY = { server: "server/main.ts", worker: "workers/main.ts" } as const;

export interface HeraldProcess {
  child: ChildProcess;
  role: "server" | "worker";
  /** The server's port (servers only). */
  port: number;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | string>;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Runs `npm run server` / `npm run worker` as a real child process with the given config. */
export async function spawnHerald(
  role: "server" | "worker",
  config: Config,
  env: Record<string, string> = {},
): Promise<HeraldProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY[role]], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      REDIS_URL: config.REDIS_URL,
      KEY_PREFIX: config.KEY_PREFIX,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      WORKER_METRICS_PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const ready = new Promise<number>((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === "server listening") resolve(Number(entry.port));
          if (entry.msg === "worker ready") resolve(0);
        } catch {
          // Not a log line.
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    void exited.then((code) => reject(new Error(`${role} exited (${code}) before it was ready: ${stderr}`)));
  });
  const timeout = setTimeout(() => child.kill("SIGKILL"), patient(20_000));
  const port = await ready.finally(() => clearTimeout(timeout));
  return {
    child,
    role,
    port,
    exited,
    logs,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
