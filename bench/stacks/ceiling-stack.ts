import { nowMs } from "../clock.js";
import { spawnNode } from "./spawn-node.js";
import { cpuProfArgs, type BenchStack, type StackOptions } from "./stack.js";

/** Starts the plain Socket.IO ceiling (ceiling-server.ts) as one process. */
export async function startCeiling(options: StackOptions): Promise<BenchStack> {
  const start = (port: number) =>
    spawnNode({
      name: "ceiling",
      entry: "bench/stacks/ceiling-server.ts",
      env: { PATH: process.env.PATH ?? "", PORT: String(port) },
      nodeArgs: cpuProfArgs(options, "ceiling"),
      logDir: options.logDir,
      ready: (line) => (line.msg === "ceiling listening" ? Number(line.port) : undefined),
    });
  let server = await start(0);
  const url = `http://127.0.0.1:${server.port}`;
  return {
    kind: "ceiling",
    serverUrls: [url],
    apiUrl: url,
    token: "",
    processes: () => [{ role: "server", pid: server.pid }],
    async restartServer() {
      const droppedAt = nowMs();
      await server.stop("SIGKILL");
      server = await start(server.port);
      return { droppedAt, readyAt: nowMs() };
    },
    close: () => server.stop("SIGTERM"),
  };
}
