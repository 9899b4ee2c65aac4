import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../bin/lib/private-redis.js";
import { startServer } from "../server/create-server.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { startReader } from "./helpers/reader.js";
import { spawnHerald } from "./helpers/processes.js";

/**
 * The value of one Prometheus sample: `name` with at least the given labels,
 * e.g. `sample(text, "herald_queue_jobs", { state: "waiting" })`.
 */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe("what an operator sees", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { QUEUE_DASHBOARD: "on" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("/healthz and /readyz answer", async () => {
    expect(await (await fetch(`${stack.url}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, checks: { redis: true, queue: true, draining: false } });
  });

  it("/readyz answers 503 while a server drains, before it stops listening", async () => {
    const server = await startServer({ ...stack.config, DRAIN_SPREAD_MS: 1_000 }, stack.logger);
    const articleId = await stack.createArticle();
    const reader = startReader(server.url, articleId);
    await waitFor(() => reader.states.includes("live"));
    const closing = server.close();
    const during = await fetch(`${server.url}/readyz`);
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ ok: false, checks: { draining: true } });
    await closing;
    await expect(fetch(`${server.url}/readyz`)).rejects.toThrow();
    reader.close();
  });

  it("/metrics counts connections, subscriptions, deliveries, jobs and latency", async () => {
    const articleId = await stack.createArticle();
    const readers = [startReader(stack.url, articleId), startReader(stack.url, articleId)];
    await waitFor(() => readers.every((r) => r.states.includes("live")));
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Counted" });
    await waitFor(() => readers.every((r) => r.updates.length === 1));
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    expect(sample(text, "herald_sockets_connected")).toBe(2);
    expect(sample(text, "herald_subscriptions")).toBe(2);
    expect(sample(text, "herald_articles_with_readers")).toBe(1);
    expect(sample(text, "herald_update_fanouts_total")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "herald_update_deliveries_total")).toBeGreaterThanOrEqual(2);
    expect(sample(text, "herald_applied_to_fanout_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "herald_queue_jobs", { state: "waiting" })).toBe(0);
    expect(sample(text, "herald_subscribes_total", { result: "reset" })).toBe(2);
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    readers.forEach((r) => r.close());
  });

  it("a worker process serves its own /metrics with jobs and accepted-to-published latency", async () => {
    const port = await freePort();
    const worker = await spawnHerald("worker", stack.config, { WORKER_METRICS_PORT: String(port) });
    try {
      const articleId = await stack.createArticle();
      await stack.workers[0]!.close(); // only the spawned worker takes jobs now
      await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Processed elsewhere" });
      const text = await waitFor(async () => {
        const t = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return sample(t, "herald_jobs_total", { outcome: "applied" }) === 1 ? t : undefined;
      });
      expect(sample(text, "herald_accepted_to_published_seconds_count")).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it("the queue dashboard needs an operator token", async () => {
    const anonymous = await fetch(`${stack.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic/);
    const { token: scoped } = await stack.tokens.create({ name: "desk", articles: ["politics-*"] });
    const basic = (token: string) => ({
      authorization: `Basic ${Buffer.from(`ops:${token}`).toString("base64")}`,
    });
    expect((await fetch(`${stack.url}/admin/queues`, { headers: basic(scoped) })).status).toBe(403);
    const page = await fetch(`${stack.url}/admin/queues`, { headers: basic(stack.operatorToken) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>");
    const api = await fetch(`${stack.url}/admin/queues/api/queues`, { headers: basic(stack.operatorToken) });
    expect(JSON.stringify(await api.json())).toContain("entries");
  });
});
