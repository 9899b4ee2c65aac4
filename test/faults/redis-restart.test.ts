import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startPrivateRedis, type PrivateRedis } from "../../bin/lib/private-redis.js";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { startReader } from "../helpers/reader.js";
import { createdIds, expectExactlyOnceInOrder } from "../helpers/checks.js";

// Each scenario owns a redis-server, so it can stop and start it without touching other tests.
describe("Redis restarts", () => {
  let redis: PrivateRedis | null = null;
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.close().catch(() => undefined);
    await redis?.stop();
    stack = null;
    redis = null;
  });

  it("with its append-only file: the API answers 503 at once while it is down, then everything resumes and nothing accepted is lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "herald-aof-"));
    redis = await startPrivateRedis({ dir });
    stack = await startStack({ workers: 2, config: { REDIS_URL: redis.url } });
    const articleId = await stack.createArticle();
    const reader = startReader(stack.url, articleId);
    await waitFor(() => reader.states.includes("live"));

    const accepted: string[] = [];
    const downAnswers: { status: number; code?: string; ms: number }[] = [];
    let redisDown = false;
    const post = async (i: number) => {
      const started = performance.now();
      const res = await stack!.api("POST", `/v1/articles/${articleId}/entries`, { body: `Entry ${i}` });
      const ms = performance.now() - started;
      if (res.status === 202) accepted.push(res.body.id);
      else if (redisDown) downAnswers.push({ status: res.status, code: res.body?.error?.code, ms });
      else throw new Error(`unexpected ${res.status} while Redis was up`);
    };

    for (let i = 0; i < 10; i++) await post(i);
    await redis.stop(); // SIGTERM: Redis flushes its append-only file and exits
    redisDown = true;
    for (let i = 10; i < 20; i++) {
      await post(i);
      await new Promise((r) => setTimeout(r, 50));
    }
    redis = await startPrivateRedis({ dir, port: redis.port });
    redisDown = false;
    // Posting resumes as soon as the server's connections are back.
    await waitFor(async () => (await stack!.api("GET", "/readyz")).status === 200, 10_000, "ready again");
    for (let i = 20; i < 30; i++) await post(i);

    expect(downAnswers.length).toBe(10);
    for (const answer of downAnswers) {
      expect(answer).toMatchObject({ status: 503, code: "unavailable" });
      expect(answer.ms).toBeLessThan(1_000);
    }
    expect(accepted.length).toBe(20);
    await waitFor(() => reader.updates.length >= 20, 15_000, "every accepted entry at the reader");
    await new Promise((r) => setTimeout(r, 300));
    expectExactlyOnceInOrder([reader], 20);
    expect(new Set(createdIds(reader))).toEqual(new Set(accepted));
    reader.close();
  });

  it("empty (data lost): readers notice the new epoch and reload instead of mixing old and new", async () => {
    redis = await startPrivateRedis();
    stack = await startStack({ workers: 1, config: { REDIS_URL: redis.url } });
    const articleId = await stack.createArticle();
    const reader = startReader(stack.url, articleId);
    for (const i of [1, 2, 3])
      await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: `Before ${i}` });
    await waitFor(() => reader.entries.length === 3, 5_000, "3 entries");
    const oldEpoch = (await stack.api("GET", `/v1/articles/${articleId}`)).body.epoch;

    const port = redis.port;
    await redis.stop();
    redis = await startPrivateRedis({ port });
    // Everything is gone, tokens included: the operator mints one, the desk re-creates the article.
    const { token } = await stack.tokens.create({ name: "after-loss", articles: ["*"] });
    const headers = { authorization: `Bearer ${token}` };
    await waitFor(async () => (await stack!.api("GET", "/readyz")).status === 200, 10_000, "ready again");
    const put = await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Restarted" }, headers);
    expect(put.status).toBe(201);
    expect(put.body.epoch).not.toBe(oldEpoch);
    for (const i of [1, 2]) {
      const res = await stack.api(
        "POST",
        `/v1/articles/${articleId}/entries`,
        { body: `After ${i}` },
        headers,
      );
      expect(res.status).toBe(202);
    }
    await waitFor(
      () => reader.entries.length === 2 && reader.entries.every((e) => e.body.startsWith("After")),
      10_000,
      "reload",
    );
    expect(reader.entries.map((e) => e.body)).toEqual(["After 2", "After 1"]);
    expect(reader.resets).toBe(2);
    reader.close();
  });
});
