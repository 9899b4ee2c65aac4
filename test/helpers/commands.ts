import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { patient } from "./patience.js";
import { waitFor } from "./stack.js";

/** Runs a TypeScript entry point (`bin/token.ts`, …) to its end with only the given environment. */
export function runTsx(script: string, args: string[], env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
    timeout: patient(20_000),
  });
}

/** `npm start` (bin/start.ts) running as a child whose stdout the test reads as it comes. */
export interface NpmStart {
  child: ChildProcess;
  /** Everything it has printed on stdout so far. */
  output: () => string;
  /** Its exit code, once it has exited. */
  exited: Promise<number | null>;
  /** Waits for the development token, printed on a line of its own, and returns it. */
  devToken: () => Promise<string>;
}

/** Starts `npm start` with only the given environment (and PATH). */
export function startNpmStart(env: Record<string, string | undefined>): NpmStart {
  const child = spawn(process.execPath, ["--import", "tsx", "bin/start.ts"], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    devToken: () => waitFor(() => /^(hrld_\S+)\n/m.exec(out)?.[1], 20_000, "the dev token"),
  };
}

/** Whether a TCP connection to host:port is accepted. */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

/** An IPv4 address of this machine that is not loopback, if it has one. */
export function networkAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
}
