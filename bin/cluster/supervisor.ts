import { spawn, type ChildProcess } from "node:child_process";
import { nodeArgsFor } from "../lib/node-entry.js";

export interface Supervised {
  name: string;
  child: ChildProcess | null;
  /** Sends SIGTERM and waits for the exit (no restart after). */
  stop(): Promise<void>;
}

/**
 * Runs `entry` (e.g. "server/main": compiled, or through tsx, as this CLI itself runs) and
 * restarts it a second after an unexpected exit, as a process manager would. Its output goes
 * to this terminal, each line prefixed by its name.
 */
export function supervise(name: string, entry: string, env: NodeJS.ProcessEnv): Supervised {
  let stopping = false;
  const handle: Supervised = {
    name,
    child: null,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        const child = handle.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
  const start = () => {
    const child = spawn(process.execPath, nodeArgsFor(entry), {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    handle.child = child;
    const prefix = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line) stream.write(`${name.padEnd(9)}| ${line}\n`);
    };
    child.stdout.on("data", prefix(process.stdout));
    child.stderr.on("data", prefix(process.stderr));
    child.once("exit", (code, signal) => {
      if (stopping) return;
      process.stderr.write(`${name.padEnd(9)}| exited (${code ?? signal}); restarting in 1 s\n`);
      setTimeout(start, 1_000);
    });
  };
  start();
  return handle;
}
