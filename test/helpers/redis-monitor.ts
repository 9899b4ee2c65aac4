import { connect } from "node:net";

/** One command Redis ran, as MONITOR reports it. */
export interface MonitoredCommand {
  /** The sender: `127.0.0.1:54321`, or `lua` for a command a script ran. */
  source: string;
  /** The command and its arguments, as MONITOR quotes them. */
  line: string;
}

export interface RedisMonitor {
  /** Commands whose line contains the filter given, reported since the last `take`. */
  take(): MonitoredCommand[];
  /** Resolves once Redis has reported a command sent after every one before this call. */
  settle(): Promise<void>;
  close(): void;
}

/**
 * Counts the commands Redis really runs, on a raw MONITOR connection (ioredis's monitor mode
 * can mistake a report for a reply while it connects). Only commands whose line contains
 * `filter` are kept, so a test on a shared Redis counts its own keys alone.
 */
export async function monitorRedis(redisUrl: string, filter: string): Promise<RedisMonitor> {
  const url = new URL(redisUrl);
  const socket = connect(Number(url.port || 6379), url.hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.on("error", () => undefined);
  if (url.password) {
    const user = decodeURIComponent(url.username || "default");
    socket.write(`AUTH ${user} ${decodeURIComponent(url.password)}\r\n`);
  }
  socket.write("MONITOR\r\n");
  const kept: MonitoredCommand[] = [];
  const waiting = new Map<string, () => void>();
  let partial = "";
  let marks = 0;
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\r\n");
    partial = lines.pop() ?? "";
    for (const raw of lines) {
      // +1700000000.123456 [0 127.0.0.1:54321] "hgetall" "key"
      const match = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(raw);
      if (!match) continue;
      const [, source = "", line = ""] = match;
      const marker = [...waiting.keys()].find((m) => line.includes(m));
      if (marker !== undefined) {
        waiting.get(marker)?.();
        waiting.delete(marker);
      } else if (line.includes(filter)) kept.push({ source, line });
    }
  });
  // MONITOR's own "+OK" arrives before any report: wait for one marker to know it is on.
  const settle = async () => {
    const marker = `monitor-marker-${process.pid}-${++marks}-${Date.now()}`;
    const reported = new Promise<void>((resolve) => waiting.set(marker, resolve));
    const probe = connect(Number(url.port || 6379), url.hostname);
    probe.on("error", () => undefined);
    const auth = url.password
      ? `AUTH ${decodeURIComponent(url.username || "default")} ${decodeURIComponent(url.password)}\r\n`
      : "";
    probe.end(`${auth}ECHO ${marker}\r\n`);
    await reported;
    probe.destroy();
  };
  await settle();
  return {
    take: () => kept.splice(0),
    settle,
    close: () => socket.destroy(),
  };
}
