// CPU per accepted POST …/entries: the write path's cost alone, measured as CPU time (not wall
// time, which a shared machine makes noisy). One server and one worker as `npm run bench` starts
// them, no readers; the server's utime+stime over a fixed number of posts, divided by the posts
// it accepted. Usage: npx tsx bench/post-cost.ts [--posts 3000] [--concurrency 16] [--articles 100]
// [--cpu-prof] (profiles of the server and the worker go to bench/results/profiles/post-cost-*).
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanUpEverything, installExitHandlers } from "./child-registry.js";
import { nowMs } from "./clock.js";
import { createArticles, createEditor } from "./editor.js";
import { postBurst } from "./post-patterns.js";
import { cpuSecondsOf } from "./proc-stats.js";
import { startHerald } from "./stacks/herald-stack.js";
import { ROOT } from "./stacks/spawn-node.js";

const { values } = parseArgs({
  options: {
    posts: { type: "string", default: "3000" },
    concurrency: { type: "string", default: "16" },
    articles: { type: "string", default: "100" },
    redis: { type: "string", default: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" },
    "cpu-prof": { type: "boolean", default: false },
  },
});
const posts = Number(values.posts);
const concurrency = Number(values.concurrency);
const articleIds = Array.from({ length: Number(values.articles) }, (_, i) => `cost-desk-${i + 1}`);

installExitHandlers();
const logDir = mkdtempSync(join(tmpdir(), "herald-post-cost-"));
const cpuProfDir = values["cpu-prof"]
  ? join(ROOT, "bench/results/profiles", `post-cost-${Date.now()}`)
  : null;
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
const stack = await startHerald({
  redisUrl: values.redis,
  logDir,
  ...(cpuProfDir ? { cpuProfDir } : {}),
  servers: 1,
  workers: 1,
  apiServer: false,
  env: {},
});
try {
  const editor = createEditor(stack.apiUrl, stack.token);
  await createArticles(editor, articleIds, "Post cost");
  const articleFor = (i: number) => articleIds[i % articleIds.length]!;
  // Warm-up: JIT, connection pools, the first use of every module on the path.
  await postBurst(editor, { count: Math.min(500, posts), concurrency, articleFor });
  const server = stack.processes().find((p) => p.role === "server")!.pid;
  const worker = stack.processes().find((p) => p.role === "worker")!.pid;
  const cpu0 = { server: cpuSecondsOf(server) ?? 0, worker: cpuSecondsOf(worker) ?? 0 };
  const start = nowMs();
  const results = await postBurst(editor, { count: posts, concurrency, articleFor });
  const wallMs = nowMs() - start;
  const accepted = results.filter((r) => r.status === 202).length;
  const serverCpu = (cpuSecondsOf(server) ?? 0) - cpu0.server;
  const workerCpu = (cpuSecondsOf(worker) ?? 0) - cpu0.worker;
  const sorted = results.map((r) => r.acceptMs).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  editor.close();
  process.stdout.write(
    `${accepted}/${posts} accepted at concurrency ${concurrency} in ${(wallMs / 1000).toFixed(1)} s ` +
      `(${((accepted / wallMs) * 1000).toFixed(0)}/s closed loop; API p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms)\n` +
      `server CPU per accepted POST: ${((serverCpu / accepted) * 1000).toFixed(3)} ms ` +
      `(${serverCpu.toFixed(2)} s); worker CPU by the end of the posts: ${((workerCpu / accepted) * 1000).toFixed(3)} ms per POST\n`,
  );
  if (cpuProfDir) process.stdout.write(`CPU profiles: ${cpuProfDir}\n`);
} finally {
  await stack.close();
  await cleanUpEverything();
}
