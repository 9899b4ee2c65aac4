import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { Redis } from "ioredis";

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  redis: string;
  /** `ulimit -n` of the bench (inherited by every process it starts). */
  openFilesLimit: number;
  kernel: string;
}

function openFilesLimit(): number {
  try {
    return Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim());
  } catch {
    return NaN;
  }
}

/** What the figures came from: docs/benchmarks.md quotes it beside them. */
export async function describeMachine(
  redisUrl: string,
): Promise<{ info: MachineInfo; redisPid: number | null }> {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on("error", () => undefined);
  let version = "unknown";
  let redisPid: number | null = null;
  try {
    await redis.connect();
    const server = await redis.info("server");
    version = /redis_version:(\S+)/.exec(server)?.[1] ?? version;
    const pid = Number(/process_id:(\d+)/.exec(server)?.[1]);
    // Only a Redis on this machine can be measured through /proc.
    const host = new URL(redisUrl).hostname;
    if (pid && ["127.0.0.1", "localhost", "::1"].includes(host)) {
      const comm = readFileSync(`/proc/${pid}/comm`, "utf8");
      if (comm.includes("redis")) redisPid = pid;
    }
  } catch {
    // Reported as unknown; the stacks will fail with a clearer message.
  } finally {
    redis.disconnect();
  }
  return {
    redisPid,
    info: {
      nproc: cpus().length,
      cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
      memoryGb: Math.round(
        Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync("/proc/meminfo", "utf8"))?.[1]) / 1024 / 1024,
      ),
      node: process.version,
      redis: version,
      openFilesLimit: openFilesLimit(),
      kernel: readFileSync("/proc/sys/kernel/osrelease", "utf8").trim(),
    },
  };
}
