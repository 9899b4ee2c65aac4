import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader, type Reader } from "./helpers/reader.js";
import { spawnHerald, type HeraldProcess } from "./helpers/processes.js";
import { redisClusterToolsMissing } from "../bin/lib/private-redis-cluster.js";
import { startClusterStack, type ClusterStack } from "./helpers/cluster-stack.js";

// Counts are written every 200 ms, so a share outlives its process by about 600 ms.
const INTERVAL = { READER_COUNT_INTERVAL_MS: "200" };

interface Readers {
  now: number;
  at: string;
}

describe('reader counts ("N reading now") across server processes', () => {
  let stack: Stack;
  let other: HeraldProcess;
  const readers: Reader[] = [];
  beforeAll(async () => {
    stack = await startStack({ workers: 0, config: INTERVAL });
    other = await spawnHerald("server", stack.config, INTERVAL);
  });
  afterAll(async () => {
    readers.forEach((r) => r.close());
    await other?.stop("SIGKILL");
    await stack?.close();
  });

  const otherUrl = () => `http://127.0.0.1:${other.port}`;
  const readersOf = async (articleId: string, base = stack.url): Promise<Readers> => {
    const res = await fetch(`${base}/v1/articles/${articleId}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { readers: Readers }).readers;
  };
  const countReaches = (articleId: string, expected: number, what: string, base?: string) =>
    waitFor(async () => (await readersOf(articleId, base)).now === expected, 10_000, what);
  /** One server's `herald_article_readers` for the article (absent: 0), and its `herald_readers_now`. */
  const metrics = async (base: string, articleId: string) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const series = new RegExp(`^herald_article_readers\\{[^}]*article="${articleId}"[^}]*\\} (\\d+)$`, "m");
    return {
      article: Number(series.exec(text)?.[1] ?? 0),
      total: Number(/^herald_readers_now(?:\{[^}]*\})? (\d+)$/m.exec(text)?.[1]),
    };
  };

  it("sums the readers of both servers, follows readers leaving, and drops a killed server's share", async () => {
    const articleId = await stack.createArticle();
    const before = await readersOf(articleId);
    expect(before.now).toBe(0);
    expect(Number.isNaN(Date.parse(before.at))).toBe(false);

    const here = range(2).map(() => startReader(stack.url, articleId));
    const there = range(3).map(() => startReader(otherUrl(), articleId));
    readers.push(...here, ...there);
    await waitFor(() => readers.every((r) => r.states.includes("live")), 10_000, "readers live");

    // Either server answers the total.
    await countReaches(articleId, 5, "5 readers on the first server's view");
    await countReaches(articleId, 5, "5 readers on the second server's view", otherUrl());
    const { at } = await readersOf(articleId);
    expect(Math.abs(Date.now() - Date.parse(at))).toBeLessThan(5_000);

    // Each server reports its own readers; summed, the article's.
    await waitFor(
      async () => {
        const [a, b] = [await metrics(stack.url, articleId), await metrics(otherUrl(), articleId)];
        return a.article === 2 && b.article === 3 && a.total === 2 && b.total === 3;
      },
      5_000,
      "metrics of 2 and 3 readers",
    );

    here[0]!.close();
    await countReaches(articleId, 4, "4 readers after one left");
    expect((await metrics(stack.url, articleId)).article).toBe(1);

    // A crash: nothing removes its share but the expiry (3 intervals).
    other.child.kill("SIGKILL");
    await other.exited;
    await countReaches(articleId, 1, "the killed server's share gone");
  });

  it("keeps the article view cacheable: 304 while the count holds, the new count once it moves", async () => {
    const articleId = await stack.createArticle();
    const reader = startReader(stack.url, articleId);
    readers.push(reader);
    await countReaches(articleId, 1, "1 reader");
    const revalidated = await waitFor(
      async () => {
        const first = await fetch(`${stack.url}/v1/articles/${articleId}`);
        expect(first.headers.get("cache-control")).toMatch(/^public, max-age=/);
        const etag = first.headers.get("etag")!;
        const again = await fetch(`${stack.url}/v1/articles/${articleId}`, {
          headers: { "if-none-match": etag },
        });
        return again.status === 304 ? etag : undefined;
      },
      5_000,
      "a 304 on revalidation",
    );
    reader.close();
    await countReaches(articleId, 0, "0 readers after the last left");
    const after = await fetch(`${stack.url}/v1/articles/${articleId}`, {
      headers: { "if-none-match": revalidated },
    });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { readers: Readers }).readers.now).toBe(0);
  });

  it("counts a private article's readers only for those who may read it", async () => {
    const articleId = await stack.createArticle();
    expect(
      (await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Private", private: true })).status,
    ).toBe(200);
    const anonymous = await fetch(`${stack.url}/v1/articles/${articleId}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("readers");
    const editor = await stack.api("GET", `/v1/articles/${articleId}`);
    expect(editor.status).toBe(200);
    expect(editor.headers.get("cache-control")).toBe("private, no-store");
    expect(editor.body.readers).toEqual({ now: 0, at: expect.any(String) });
  });
});

describe.skipIf(redisClusterToolsMissing() !== null)("reader counts on a Redis Cluster", () => {
  let stack: ClusterStack;
  const readers: Reader[] = [];
  beforeAll(async () => {
    stack = await startClusterStack({ servers: 2, workers: 0, env: INTERVAL });
  });
  afterAll(async () => {
    readers.forEach((r) => r.close());
    await stack?.close();
  });

  it("sums the readers of both servers, each article's count in its own hash-tagged key", async () => {
    const articles = ["count-a", "count-b", "count-c"];
    for (const articleId of articles)
      expect(
        (await stack.api("PUT", `/v1/articles/${articleId}`, { body: { title: articleId } })).status,
      ).toBe(201);
    articles.forEach((articleId, i) => {
      for (const url of stack.urls) range(i + 1).forEach(() => readers.push(startReader(url, articleId)));
    });
    for (const [i, articleId] of articles.entries()) {
      await waitFor(
        async () =>
          (await stack.api("GET", `/v1/articles/${articleId}`, { server: i % 2 })).body.readers.now ===
          2 * (i + 1),
        10_000,
        `${2 * (i + 1)} readers of ${articleId}`,
      );
    }
  });
});
