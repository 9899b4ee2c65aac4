// One reader, one editor, entries posted one at a time: the latency of Herald's whole path
// (HTTP → queue → worker → log → pub/sub → Socket.IO → client) with nothing else going on.
// Run: npx tsx bench/one-reader.ts [count]   (REDIS_URL defaults to redis://127.0.0.1:6379)
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { loadConfig } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { startServer } from "../server/create-server.js";
import { startWorker } from "../workers/start-worker.js";
import { createTokenStore } from "../server/auth/token-store.js";
import { HeraldClient } from "../client-sdk/index.js";

const count = Number(process.argv[2] ?? 200);
const config = loadConfig({
  REDIS_URL: process.env.REDIS_URL,
  KEY_PREFIX: `bench${randomBytes(3).toString("hex")}:`,
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
});
const logger = createLogger({ level: "warn", name: "bench" });
const worker = await startWorker(config, logger);
const server = await startServer(config, logger);
const redis = new Redis(config.REDIS_URL);
const { token } = await createTokenStore(redis, config.KEY_PREFIX).create({ name: "bench", articles: ["*"] });
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
await fetch(`${server.url}/v1/articles/bench`, {
  method: "PUT",
  headers,
  body: JSON.stringify({ title: "Bench" }),
});

const arrived = new Map<string, number>();
let notify: (() => void) | null = null;
const client = new HeraldClient({ url: server.url });
client.subscribe("bench", {
  onUpdate: (u) => {
    if (u.type === "entry.created") arrived.set(u.entry.body, performance.now());
    notify?.();
  },
});
await new Promise((r) => setTimeout(r, 500));

const fromSend: number[] = [];
const fromAccept: number[] = [];
for (let i = 0; i < count; i++) {
  const body = `entry ${i}`;
  const sent = performance.now();
  const done = new Promise<void>((resolve) => (notify = () => arrived.has(body) && resolve()));
  const res = await fetch(`${server.url}/v1/articles/bench/entries`, {
    method: "POST",
    headers,
    body: JSON.stringify({ body }),
  });
  const accepted = performance.now();
  if (res.status !== 202) throw new Error(`POST: ${res.status}`);
  await done;
  fromSend.push(arrived.get(body)! - sent);
  fromAccept.push(arrived.get(body)! - accepted);
  await new Promise((r) => setTimeout(r, 20));
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const row = (name: string, xs: number[]) =>
  `${name.padEnd(28)} p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  p99 ${pct(xs, 99).toFixed(2)} ms  max ${Math.max(...xs).toFixed(2)} ms`;
console.log(`${count} entries, one reader, one server + one worker in one process`);
console.log(row("POST sent → update received", fromSend));
console.log(row("202 received → update received", fromAccept));
client.close();
await server.close();
await worker.close();
let cursor = "0";
do {
  const [next, keys] = await redis.scan(cursor, "MATCH", `${config.KEY_PREFIX}*`, "COUNT", 1000);
  cursor = next;
  if (keys.length) await redis.unlink(...keys);
} while (cursor !== "0");
redis.disconnect();
