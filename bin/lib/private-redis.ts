import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { Redis } from "ioredis";

export class RedisServerMissingError extends Error {
  override name = "RedisServerMissingError";
}

/** A free TCP port on 127.0.0.1, from the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface PrivateRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` from PATH on a free port, for `npm start` without REDIS_URL and for
 * tests on a machine with no Redis running. `dir` set: append-only file on, data kept there.
 */
export async function startPrivateRedis(
  options: { dir?: string; port?: number } = {},
): Promise<PrivateRedis> {
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).error) {
    throw new RedisServerMissingError(
      "redis-server is not installed. Install it (apt-get install redis-server, brew install redis) or run `docker compose up -d redis` and set REDIS_URL=redis://127.0.0.1:6379",
    );
  }
  const port = options.port ?? (await freePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", ""];
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true });
    args.push("--dir", options.dir, "--appendonly", "yes", "--maxmemory-policy", "noeviction");
  } else {
    args.push("--appendonly", "no");
  }
  const child = spawn("redis-server", args, { stdio: "ignore" });
  // Never outlive the process that started it, however that process ends.
  const killChild = () => child.kill("SIGTERM");
  process.once("exit", killChild);
  child.once("exit", () => process.off("exit", killChild));
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 1 });
  probe.on("error", () => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect().catch(() => undefined);
      if ((await probe.ping()) === "PONG") break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        probe.disconnect();
        child.kill("SIGKILL");
        throw new Error(`redis-server did not start on port ${port}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  probe.disconnect();
  return {
    url,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
