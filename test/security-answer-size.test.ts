import { Redis } from "ioredis";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry, SubscribeAck } from "../protocol/index.js";
import { createEntriesQueue, type EntriesQueue } from "../queue/entries-queue.js";
import { createOpId, type Operation } from "../article-log/operation.js";
import { loadConfig } from "../platform/config.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader, type Reader } from "./helpers/reader.js";
import { startTcpProxy, type TcpProxy } from "./helpers/tcp-proxy.js";

/** Small enough that 20 large entries need several answers. */
const CATCHUP_MAX_BYTES = 200_000;
/** An answer is its records plus the article and the wrapper around them. */
const ENVELOPE_BYTES = 2_000;
/** 19,000 characters of plain text: each entry's record (body + html) is about 38 KB. */
const LARGE_BODY = "Talks resume at noon in Istanbul. ".repeat(560).trim();
/** Under the body limit (20,000 characters), but linkify turns each bare URL into a long <a>. */
const BARE_URLS = range(760)
  .map((i) => `https://example.com/${String(i).padStart(5, "0")}`)
  .join("\n");

/**
 * A reader live on `articleId` at seq 0 whose network is then cut (through a proxy kept in
 * `proxies`, closed by the caller), so what is posted next reaches it only as catch-up.
 */
async function readerCutOff(
  stack: Stack,
  articleId: string,
  proxies: TcpProxy[],
): Promise<{ reader: Reader; proxy: TcpProxy }> {
  const proxy = await startTcpProxy(stack.server.port);
  proxies.push(proxy);
  const reader = startReader(proxy.url, articleId);
  await waitFor(() => reader.states.includes("live"), 5_000, "reader live");
  proxy.cut();
  await waitFor(() => reader.states.at(-1) === "reconnecting", 5_000, "reader offline");
  return { reader, proxy };
}

/**
 * Posts `entries` one after another to an article that has none, and waits until its log
 * holds them all; their ids, oldest first.
 */
async function postInOrder(stack: Stack, articleId: string, entries: object[]): Promise<string[]> {
  const ids: string[] = [];
  for (const entry of entries) {
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, entry);
    expect(res.status).toBe(202);
    ids.push(res.body.id as string);
  }
  const count = entries.length;
  await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === count);
  return ids;
}

const bytesOf = (value: unknown) =>
  Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value));

describe("answers stay small: rendered HTML per entry and every catch-up answer are capped", () => {
  let stack: Stack;
  let queue: EntriesQueue;
  let queueRedis: Redis;
  const proxies: TcpProxy[] = [];
  beforeAll(async () => {
    stack = await startStack({ config: { CATCHUP_MAX_BYTES: String(CATCHUP_MAX_BYTES) } });
    queueRedis = new Redis(stack.config.REDIS_URL, { maxRetriesPerRequest: null });
    queue = createEntriesQueue(queueRedis, stack.config.KEY_PREFIX);
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await queue?.close();
    queueRedis?.disconnect();
    await stack?.close();
  });

  it("a body of bare URLs that renders over the cap is refused with entry_too_large, and nothing is queued", async () => {
    expect(BARE_URLS.length).toBeLessThanOrEqual(20_000);
    const articleId = await stack.createArticle();
    const before = await queue.getJobCounts();
    const posted = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: BARE_URLS });
    expect(posted.status).toBe(413);
    expect(posted.body.error).toMatchObject({ code: "entry_too_large" });
    expect(posted.body.error.details).toMatchObject({ maxBytes: 65_536 });
    expect(posted.body.error.details.htmlBytes).toBeGreaterThan(65_536);
    // The preview answers the same, so the editor learns it before posting.
    const preview = await stack.api("POST", "/v1/preview", { body: BARE_URLS });
    expect(preview.status).toBe(413);
    expect(preview.body.error.code).toBe("entry_too_large");
    // A correction cannot make an entry too large either.
    const small = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Short" });
    expect(small.status).toBe(202);
    const patched = await stack.api("PATCH", `/v1/articles/${articleId}/entries/${small.body.id}`, {
      body: BARE_URLS,
    });
    expect(patched.status).toBe(413);
    expect(patched.body.error.code).toBe("entry_too_large");
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 1);
    // Only the short entry was ever queued, and only it was published.
    const after = await queue.getJobCounts();
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total(after) - total(before)).toBe(1);
    const entries = (await stack.api("GET", `/v1/articles/${articleId}/entries`)).body.entries as Entry[];
    expect(entries.map((e) => e.body)).toEqual(["Short"]);
  });

  it("a job written straight to the queue that renders over the cap fails in the worker, unpublished", async () => {
    const articleId = await stack.createArticle();
    const entryId = "too-big-1";
    const op: Operation = {
      kind: "entry.create",
      opId: createOpId(articleId, entryId),
      articleId,
      entryId,
      acceptedAt: new Date().toISOString(),
      fields: { body: BARE_URLS, pinned: false, keyEvent: false },
    };
    const job = await queue.add(op.kind, op, { jobId: op.opId });
    const failed = await waitFor(async () => ((await job.getState()) === "failed" ? true : undefined));
    expect(failed).toBe(true);
    expect((await queue.getJob(op.opId))?.failedReason).toBe("entry_too_large");
    expect((await stack.api("GET", `/v1/articles/${articleId}`)).body.seq).toBe(0);
  });

  it("with 20 large entries, every catch-up answer stays under the byte cap and a reader still gets all 20, once each, in order", async () => {
    const articleId = await stack.createArticle();
    // A reader that is live at seq 0, then loses its network while 20 large entries go out.
    const { reader, proxy } = await readerCutOff(stack, articleId, proxies);
    const ids = await postInOrder(
      stack,
      articleId,
      range(20).map((i) => ({ body: `${i}. ${LARGE_BODY}`, keyEvent: true })),
    );
    const { epoch } = (await stack.api("GET", `/v1/articles/${articleId}`)).body;

    // The socket catch-up from 0: short of the head, under the cap, and it moves forward.
    const socket = io(`${stack.url}/live`, { transports: ["websocket"], reconnection: false });
    const ask = (req: object) =>
      new Promise<SubscribeAck>((resolve) => socket.emit("subscribe", req, resolve));
    const catchUp = await ask({ articleId, since: 0, epoch });
    expect(catchUp).toMatchObject({ ok: true, epoch, seq: 20 });
    expect(bytesOf(catchUp)).toBeLessThanOrEqual(CATCHUP_MAX_BYTES + ENVELOPE_BYTES);
    const caughtUp = "updates" in catchUp ? catchUp.updates.map((u) => u.seq) : [];
    expect(caughtUp.length).toBeGreaterThan(0);
    expect(caughtUp).toEqual(range(caughtUp.length));
    // The reset (no since) is capped too, with a cursor to the rest.
    const reset = await ask({ articleId });
    expect(reset).toMatchObject({ ok: true, reset: true, seq: 20 });
    expect(bytesOf(reset)).toBeLessThanOrEqual(CATCHUP_MAX_BYTES + ENVELOPE_BYTES);
    expect("entries" in reset && reset.entries.length).toBeLessThan(20);
    expect("nextCursor" in reset && reset.nextCursor).toBeTruthy();
    socket.close();

    // The same over HTTP, with its default limit.
    const updates = await fetch(`${stack.url}/v1/articles/${articleId}/updates?since=0`);
    const updatesText = await updates.text();
    expect(updates.status).toBe(200);
    expect(bytesOf(updatesText)).toBeLessThanOrEqual(CATCHUP_MAX_BYTES + ENVELOPE_BYTES);
    const page = JSON.parse(updatesText) as { seq: number; updates: { seq: number }[] };
    expect(page.seq).toBe(20);
    expect(page.updates.length).toBeLessThan(20);
    // Every entries page is capped, and the cursors still reach every entry once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await fetch(
        `${stack.url}/v1/articles/${articleId}/entries?limit=100${cursor ? `&before=${cursor}` : ""}`,
      );
      const text = await res.text();
      expect(bytesOf(text)).toBeLessThanOrEqual(CATCHUP_MAX_BYTES + ENVELOPE_BYTES);
      const body = JSON.parse(text) as { entries: Entry[]; nextCursor?: string };
      seen.push(...body.entries.map((e) => e.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    // The article view's pinned and key-event lists are capped as well.
    const view = await fetch(`${stack.url}/v1/articles/${articleId}`).then((r) => r.text());
    expect(bytesOf(view)).toBeLessThanOrEqual(CATCHUP_MAX_BYTES + ENVELOPE_BYTES);
    expect((JSON.parse(view) as { keyEvents: Entry[] }).keyEvents.length).toBeGreaterThan(0);

    // The real client pages on from where each answer stopped, until it holds the head.
    proxy.restore();
    await waitFor(() => reader.updates.length >= 20 && reader.states.at(-1) === "live", 15_000, "catch-up");
    expect(reader.seqs()).toEqual(range(20));
    expect(reader.entries.map((e) => e.id)).toEqual([...ids].reverse());
    expect(reader.resets).toBe(1); // caught up from the log, no reload
    reader.close();
  });
});

/** The ids a page shows, in its order: each match's first group. */
const idsIn = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);

describe("embed.html and the feeds are capped by bytes like every other catch-up answer", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { CATCHUP_MAX_BYTES: String(CATCHUP_MAX_BYTES) } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("with 8 large entries (over the cap together), embed.html, feed.atom and feed.rss carry only the newest that fit", async () => {
    const articleId = await stack.createArticle();
    const ids = await postInOrder(
      stack,
      articleId,
      range(8).map((i) => ({ body: `${i}. ${LARGE_BODY}` })),
    );
    const newestFirst = [...ids].reverse();
    // The entries read is the reference: its first page holds the newest entries that fit the cap.
    const first = await stack.api("GET", `/v1/articles/${articleId}/entries?limit=100`);
    const fit = (first.body.entries as Entry[]).length;
    expect(fit).toBeGreaterThan(0);
    expect(fit).toBeLessThan(8);

    const read = async (file: string) => {
      const res = await fetch(`${stack.url}/v1/articles/${articleId}/${file}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const embed = await read("embed.html");
    expect(idsIn(embed, /<article id="entry-([^"]+)">/g)).toEqual(newestFirst.slice(0, fit));
    const atom = await read("feed.atom");
    expect(idsIn(atom, /<id>[^<]*\/entries\/([^<]+)<\/id>/g)).toEqual(newestFirst.slice(0, fit));
    const rss = await read("feed.rss");
    expect(idsIn(rss, /<guid[^>]*>[^<]*\/entries\/([^<]+)<\/guid>/g)).toEqual(newestFirst.slice(0, fit));
  });
});

describe("catch-up is capped by records: CATCHUP_MAX_RECORDS per socket answer, and the default limit of GET …/updates", () => {
  const MAX_RECORDS = 5;
  let stack: Stack;
  const proxies: TcpProxy[] = [];
  beforeAll(async () => {
    stack = await startStack({
      config: { CATCHUP_MAX_RECORDS: String(MAX_RECORDS), RATE_LIMITS: "off" },
    });
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await stack?.close();
  });

  /** Posts `count` short entries and waits until the log holds them; their ids, oldest first. */
  const postShortEntries = (articleId: string, count: number) =>
    postInOrder(
      stack,
      articleId,
      range(count).map((i) => ({ body: `Update ${i}` })),
    );

  it("a socket subscribe from 0 gets CATCHUP_MAX_RECORDS updates, short of the head, and a reader pages on to all 12 once each", async () => {
    const articleId = await stack.createArticle();
    const { reader, proxy } = await readerCutOff(stack, articleId, proxies);
    const ids = await postShortEntries(articleId, 12);
    const { epoch } = (await stack.api("GET", `/v1/articles/${articleId}`)).body;

    const socket = io(`${stack.url}/live`, { transports: ["websocket"], reconnection: false });
    const ask = (since: number) =>
      new Promise<SubscribeAck>((resolve) => socket.emit("subscribe", { articleId, since, epoch }, resolve));
    const seqsOf = (ack: SubscribeAck) => ("updates" in ack ? ack.updates.map((u) => u.seq) : []);
    // Each answer holds at most 5 updates and says where the head is: 12, so ask again.
    const firstAck = await ask(0);
    expect(firstAck).toMatchObject({ ok: true, epoch, seq: 12 });
    expect(seqsOf(firstAck)).toEqual(range(5));
    expect(seqsOf(await ask(5))).toEqual(range(5, 6));
    const last = await ask(10);
    expect(last).toMatchObject({ ok: true, seq: 12 });
    expect(seqsOf(last)).toEqual([11, 12]);
    socket.close();

    proxy.restore();
    await waitFor(() => reader.updates.length >= 12 && reader.states.at(-1) === "live", 15_000, "catch-up");
    expect(reader.seqs()).toEqual(range(12));
    expect(reader.entries.map((e) => e.id)).toEqual([...ids].reverse());
    expect(reader.resets).toBe(1); // paged on from the log, no reload
    reader.close();
  });

  it("GET …/updates without limit answers CATCHUP_MAX_RECORDS updates; an explicit limit may ask more, within 1–500", async () => {
    const articleId = await stack.createArticle();
    await postShortEntries(articleId, 12);
    const updates = (query: string) => stack.api("GET", `/v1/articles/${articleId}/updates?${query}`);
    const seqsOf = (page: { body: { updates: { seq: number }[] } }) => page.body.updates.map((u) => u.seq);

    const byDefault = await updates("since=0");
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.seq).toBe(12);
    expect(seqsOf(byDefault)).toEqual(range(MAX_RECORDS));
    expect(seqsOf(await updates("since=0&limit=12"))).toEqual(range(12));
    for (const limit of [0, 501]) {
      const refused = await updates(`since=0&limit=${limit}`);
      expect(refused.status).toBe(400);
    }
  });
});

describe("the record caps' defaults", () => {
  it("CATCHUP_MAX_RECORDS is 100 unless set", () => {
    expect(loadConfig({}).CATCHUP_MAX_RECORDS).toBe(100);
  });

  it("with 101 entries, a subscribe from 0 and GET …/updates?since=0 without limit each answer 100", async () => {
    const stack = await startStack({ config: { RATE_LIMITS: "off" } });
    try {
      expect(stack.config.CATCHUP_MAX_RECORDS).toBe(100);
      const articleId = await stack.createArticle();
      // Sent ten at a time: the order of the entries does not matter here, only their count.
      for (const batch of range(11, 0)) {
        const posts = range(Math.min(10, 101 - batch * 10)).map((i) =>
          stack.api("POST", `/v1/articles/${articleId}/entries`, { body: `Update ${batch * 10 + i}` }),
        );
        for (const res of await Promise.all(posts)) expect(res.status).toBe(202);
      }
      await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 101);
      const page = await stack.api("GET", `/v1/articles/${articleId}/updates?since=0`);
      expect(page.body.seq).toBe(101);
      expect((page.body.updates as { seq: number }[]).map((u) => u.seq)).toEqual(range(100));

      const socket = io(`${stack.url}/live`, { transports: ["websocket"], reconnection: false });
      const ack = await new Promise<SubscribeAck>((resolve) =>
        socket.emit("subscribe", { articleId, since: 0, epoch: page.body.epoch as string }, resolve),
      );
      socket.close();
      expect(ack).toMatchObject({ ok: true, seq: 101 });
      expect("updates" in ack && ack.updates.map((u) => u.seq)).toEqual(range(100));
    } finally {
      await stack.close();
    }
  });
});
