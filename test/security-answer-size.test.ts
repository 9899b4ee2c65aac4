import { Redis } from "ioredis";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry, SubscribeAck } from "../protocol/index.js";
import { createEntriesQueue, type EntriesQueue } from "../queue/entries-queue.js";
import { createOpId, type Operation } from "../article-log/operation.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader } from "./helpers/reader.js";
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
    const proxy = await startTcpProxy(stack.server.port);
    proxies.push(proxy);
    // A reader that is live at seq 0, then loses its network while 20 large entries go out.
    const reader = startReader(proxy.url, articleId);
    await waitFor(() => reader.states.includes("live"), 5_000, "reader live");
    proxy.cut();
    await waitFor(() => reader.states.at(-1) === "reconnecting", 5_000, "reader offline");
    const ids: string[] = [];
    for (const i of range(20)) {
      const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
        body: `${i}. ${LARGE_BODY}`,
        keyEvent: true,
      });
      expect(res.status).toBe(202);
      ids.push(res.body.id as string);
    }
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 20);
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
