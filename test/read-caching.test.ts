import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monitorRedis, type MonitoredCommand } from "./helpers/redis-monitor.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";

/**
 * The read path a CDN can carry (docs/api.md#caching): Cache-Control and a strong ETag from the
 * head on every public read, 304 decided from the head alone, private articles never shared,
 * and identical reads in flight together coalesced into one Redis read. Redis commands are
 * counted for real, on a MONITOR connection, filtered to the article's own keys.
 */

const PUBLIC = "public, max-age=1, s-maxage=1, stale-while-revalidate=10, stale-if-error=300";

/** The commands clients sent (a script's own are reported too, from "lua": one EVALSHA here). */
const sentByClients = (commands: MonitoredCommand[]) => commands.filter((c) => c.source !== "lua");
const isEntryRead = (c: MonitoredCommand) => /:(order|entries|log)"/.test(c.line);

describe("public reads a CDN can cache", () => {
  let stack: Stack;
  let articleId: string;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(stack.url + path, { headers });
  const paths = () => [
    `/v1/articles/${articleId}`,
    `/v1/articles/${articleId}/entries`,
    `/v1/articles/${articleId}/updates?since=0`,
    `/v1/articles/${articleId}/embed.html`,
  ];

  async function postAndWait(body: string): Promise<void> {
    const before = (await (await get(`/v1/articles/${articleId}`)).json()) as { seq: number };
    expect((await stack.api("POST", `/v1/articles/${articleId}/entries`, { body })).status).toBe(202);
    await waitFor(
      async () =>
        ((await stack.api("GET", `/v1/articles/${articleId}`)).body as { seq: number }).seq > before.seq,
      10_000,
      "the entry to be applied",
    );
  }

  beforeAll(async () => {
    stack = await startStack({ config: { RATE_LIMITS: "off" } });
    articleId = await stack.createArticle();
    await postAndWait("The first entry");
  });
  afterAll(() => stack.close());

  it("answers each public read with a public Cache-Control and a strong ETag", async () => {
    for (const path of paths()) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe(PUBLIC);
      expect(res.headers.get("etag"), path).toMatch(/^"\d+\.[A-Za-z0-9_-]{16}"$/);
      await res.arrayBuffer();
    }
  });

  it("answers 304 to If-None-Match while nothing changed, then 200 with a new ETag once an entry lands", async () => {
    const tags = new Map<string, string>();
    for (const path of paths()) {
      const res = await get(path);
      tags.set(path, res.headers.get("etag")!);
      await res.arrayBuffer();
    }
    for (const path of paths()) {
      // fetch() adds `Cache-Control: no-cache` to conditional requests; it must not defeat the 304.
      const res = await get(path, { "if-none-match": tags.get(path)!, "cache-control": "no-cache" });
      expect(res.status, path).toBe(304);
      expect(res.headers.get("etag"), path).toBe(tags.get(path));
      expect(res.headers.get("cache-control"), path).toBe(PUBLIC);
    }
    await postAndWait("A second entry");
    for (const path of paths()) {
      const res = await get(path, { "if-none-match": tags.get(path)! });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("etag"), path).not.toBe(tags.get(path));
      await res.arrayBuffer();
    }
    const entries = await get(`/v1/articles/${articleId}/entries`);
    expect(((await entries.json()) as { entries: unknown[] }).entries).toHaveLength(2);
  });

  it("gives each query and each representation its own ETag, and equal queries the same one", async () => {
    const tagOf = async (path: string) => {
      const res = await get(path);
      await res.arrayBuffer();
      return res.headers.get("etag");
    };
    const base = `/v1/articles/${articleId}`;
    const tags = [
      await tagOf(`${base}/entries`),
      await tagOf(`${base}/entries?limit=1`),
      await tagOf(`${base}/updates?since=0`),
      await tagOf(`${base}/updates?since=1`),
      await tagOf(base),
    ];
    expect(new Set(tags).size).toBe(tags.length);
    // The default limit is part of the normalised query: spelling it out changes nothing.
    expect(await tagOf(`${base}/entries?limit=20`)).toBe(tags[0]);
  });

  it("answers a private article with private, no-store and no ETag, even to its editor", async () => {
    const secret = await stack.createArticle();
    expect(
      (await stack.api("PUT", `/v1/articles/${secret}`, { title: "Embargoed", private: true })).status,
    ).toBe(200);
    for (const path of ["", "/entries", "/updates?since=0", "/embed.html"]) {
      const res = await get(`/v1/articles/${secret}${path}`, {
        authorization: `Bearer ${stack.token}`,
        "if-none-match": "*",
      });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("private, no-store");
      expect(res.headers.get("etag"), path).toBeNull();
      await res.arrayBuffer();
    }
  });

  it("lets no cache keep an error answer", async () => {
    const missing = await get(`/v1/articles/no-such-article-${articleId}/entries`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-store");
    const expired = await get(`/v1/articles/${articleId}/updates?since=0&epoch=not-the-epoch`);
    expect(expired.status).toBe(410);
    expect(expired.headers.get("cache-control")).toBe("no-store");
  });

  it("decides a 304 from the head alone: no entry or log read", async () => {
    const path = `/v1/articles/${articleId}/entries?limit=5`;
    const first = await get(path);
    const etag = first.headers.get("etag")!;
    await first.arrayBuffer();
    const log = await monitorRedis(stack.config.REDIS_URL, `${stack.config.KEY_PREFIX}a:{${articleId}}`);
    try {
      for (let i = 0; i < 5; i++) expect((await get(path, { "if-none-match": etag })).status).toBe(304);
      await log.settle();
      const commands = sentByClients(log.take());
      expect(commands.filter(isEntryRead)).toEqual([]);
      // One small read of the article's meta per 304 (fewer when they overlap).
      expect(commands.length).toBeGreaterThan(0);
      expect(commands.length).toBeLessThanOrEqual(5);
      expect(commands.every((c) => c.line.startsWith('"hgetall" '))).toBe(true);
    } finally {
      log.close();
    }
  });
});

/**
 * `n` GETs of `path` that arrive together, as at a busy server in a storm: each connection is
 * open and has been answered once (so the server holds it, parser ready), then every request is
 * written in one synchronous loop, and the server finds them all waiting at once. (fetch() in
 * this process, which also runs the server, would hand them over a few at a time.)
 */
async function getAllAtOnce(baseUrl: string, path: string, n: number) {
  const { hostname, port } = new URL(baseUrl);
  const host = `${hostname}:${port}`;
  const sockets = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(Number(port), hostname, () => {
            socket.write(`HEAD /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
            let head = "";
            const onData = (chunk: Buffer) => {
              head += chunk.toString("latin1");
              if (!head.includes("\r\n\r\n")) return;
              socket.off("data", onData);
              resolve(socket);
            };
            socket.on("data", onData);
          });
          socket.once("error", reject);
        }),
    ),
  );
  const answers = sockets.map(
    (socket) =>
      new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        socket.on("data", (chunk: Buffer) => chunks.push(chunk));
        socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        socket.on("error", reject);
      }),
  );
  const request = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
  for (const socket of sockets) socket.write(request);
  return (await Promise.all(answers)).map((text) => {
    const split = text.indexOf("\r\n\r\n");
    return { status: Number(text.split(" ")[1]), body: text.slice(split + 4) };
  });
}

describe("page-load storms", () => {
  const N = 200;

  /** N identical GETs at once; the Redis commands they cost and what the server counted. */
  async function storm(stack: Stack, articleId: string) {
    const log = await monitorRedis(stack.config.REDIS_URL, `${stack.config.KEY_PREFIX}a:{${articleId}}`);
    try {
      const answers = await getAllAtOnce(stack.url, `/v1/articles/${articleId}/entries`, N);
      await log.settle();
      const metrics = await (await fetch(`${stack.url}/metrics`)).text();
      const coalesced = [...metrics.matchAll(/^herald_read_coalesced_total\{[^}]*\} (\d+)/gm)].reduce(
        (sum, m) => sum + Number(m[1]),
        0,
      );
      return { answers, commands: sentByClients(log.take()).length, coalesced };
    } finally {
      log.close();
    }
  }

  it("costs far fewer Redis reads than requests when coalescing is on, one per read when off", async () => {
    const results: Record<string, Awaited<ReturnType<typeof storm>>> = {};
    for (const coalescing of ["on", "off"]) {
      const stack = await startStack({ config: { RATE_LIMITS: "off", READ_COALESCING: coalescing } });
      try {
        const articleId = await stack.createArticle();
        expect(
          (await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Breaking" })).status,
        ).toBe(202);
        await waitFor(
          async () =>
            ((await stack.api("GET", `/v1/articles/${articleId}`)).body as { seq: number }).seq === 1,
          10_000,
          "the entry to be applied",
        );
        results[coalescing] = await storm(stack, articleId);
      } finally {
        await stack.close();
      }
    }
    const on = results.on!;
    const off = results.off!;
    process.stdout.write(
      `page-load storm of ${N}: ${on.commands} Redis commands with coalescing (${on.coalesced} joined), ${off.commands} without\n`,
    );
    for (const r of [on, off]) {
      expect(r.answers.every((a) => a.status === 200)).toBe(true);
      // Every reader got the same page, whichever read it joined.
      expect(new Set(r.answers.map((a) => a.body)).size).toBe(1);
    }
    // Without coalescing: a head read and a page read per request.
    expect(off.commands).toBe(2 * N);
    expect(off.coalesced).toBe(0);
    expect(on.commands).toBeLessThan(N / 4);
    expect(on.coalesced).toBeGreaterThan(N / 2);
  });
});
