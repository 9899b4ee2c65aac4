import { spawnSync } from "node:child_process";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { patient } from "./patience.js";

/** Runs a TypeScript entry point (`bin/token.ts`, …) to its end with only the given environment. */
export function runTsx(script: string, args: string[], env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
    timeout: patient(20_000),
  });
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
