import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  LIVE_NAMESPACE,
  articleRoom,
  type SubscribeAck,
  type SubscribeCatchUp,
  type Update,
  type UpdateBatch,
} from "../protocol/index.js";
import { fanOutParser } from "../server/realtime/fanout-observer.js";
import { trackFanOut } from "../server/realtime/fanout-tracker.js";
import { createBatchWindow } from "../publish/batch-window.js";
import { createUpdatePublisher } from "../publish/update-publisher.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader } from "./helpers/reader.js";

/** One frame a reader was sent: an `update` (one seq) or an `updates` batch (its seqs). */
interface Frame {
  event: "update" | "updates";
  seqs: number[];
}

/** A reader on a bare socket that records every frame, with or without batch support. */
interface FrameReader {
  frames: Frame[];
  notices: unknown[];
  /** Every seq received, in the order received. */
  seqs(): number[];
  subscribe(payload: Record<string, unknown>): Promise<SubscribeAck>;
  close(): void;
}

async function frameReader(url: string, options: { batches: boolean }): Promise<FrameReader> {
  const socket: Socket = io(`${url}/live`, {
    transports: ["websocket"],
    reconnection: false,
    ...(options.batches ? { auth: { batches: true } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const reader: FrameReader = {
    frames: [],
    notices: [],
    seqs: () => reader.frames.flatMap((f) => f.seqs),
    subscribe: (payload) => new Promise((resolve) => socket.emit("subscribe", payload, resolve)),
    close: () => socket.close(),
  };
  socket.on("update", (u: Update) => reader.frames.push({ event: "update", seqs: [u.seq] }));
  socket.on("updates", (b: UpdateBatch) =>
    reader.frames.push({ event: "updates", seqs: b.updates.map((u) => u.seq) }),
  );
  socket.on("unsubscribed", (n: unknown) => reader.notices.push(n));
  return reader;
}

async function subscribed(reader: FrameReader, payload: Record<string, unknown>): Promise<SubscribeCatchUp> {
  const ack = await reader.subscribe(payload);
  if (!ack.ok) throw new Error(`subscribe: ${ack.error.code}`);
  return ack as SubscribeCatchUp;
}

/** Posts `count` entries at once, as a newsroom does when a story breaks. */
async function postBurst(stack: Stack, articleId: string, count: number): Promise<void> {
  const posts = await Promise.all(
    range(count).map((i) => stack.api("POST", `/v1/articles/${articleId}/entries`, { body: `Burst ${i}` })),
  );
  expect(posts.map((p) => p.status)).toEqual(posts.map(() => 202));
}

const ascending = (seqs: number[]) => seqs.every((s, i) => i === 0 || s > (seqs[i - 1] ?? 0));

function update(articleId: string, epoch: string, seq: number, extra: { private?: true } = {}): Update {
  const at = new Date().toISOString();
  const entry = { id: `e${seq}`, articleId, seq, body: `E${seq}`, html: `<p>E${seq}</p>`, pinned: false };
  return {
    articleId,
    epoch,
    seq,
    type: "entry.created",
    at,
    entry: { ...entry, keyEvent: false, publishedAt: at },
    ...extra,
  };
}

describe("the batch window (publish/batch-window.ts)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const u = (seq: number, articleId = "a", epoch = "e1") => update(articleId, epoch, seq);

  it("sends the first update after a quiet spell at once and alone; those within the window wait and go together, in seq order", async () => {
    vi.useFakeTimers();
    const sent: number[][] = [];
    const publish = createBatchWindow(50, (updates) => {
      sent.push(updates.map((x) => x.seq));
      return Promise.resolve();
    });
    await publish(u(1));
    expect(sent).toEqual([[1]]); // no timer has run: the leading edge is not delayed
    const waiting = [publish(u(4)), publish(u(2)), publish(u(3)), publish(u(3))];
    expect(sent).toEqual([[1]]);
    await vi.advanceTimersByTimeAsync(50);
    await Promise.all(waiting);
    expect(sent).toEqual([[1], [2, 3, 4]]); // sorted, and a republished seq once
    // The window after a flush holds the next ones too; a window that ends empty closes.
    const next = publish(u(5));
    await vi.advanceTimersByTimeAsync(50);
    await next;
    await vi.advanceTimersByTimeAsync(50);
    await publish(u(6));
    expect(sent).toEqual([[1], [2, 3, 4], [5], [6]]);
  });

  it("keeps articles and epochs apart, and fails every caller of a batch whose send failed", async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const publish = createBatchWindow(50, (updates) => {
      sent.push(updates.map((x) => `${x.articleId}/${x.epoch}/${x.seq}`).join(","));
      return updates[0]?.articleId === "b" ? Promise.reject(new Error("redis down")) : Promise.resolve();
    });
    await publish(u(1));
    await expect(publish(u(1, "b"))).rejects.toThrow("redis down");
    const a = [publish(u(2)), publish(u(1, "a", "e2"))];
    const b = [publish(u(2, "b")), publish(u(3, "b"))].map((p) => p.catch((err: Error) => err.message));
    await vi.advanceTimersByTimeAsync(50);
    await Promise.all(a);
    expect(await Promise.all(b)).toEqual(["redis down", "redis down"]);
    expect(sent).toEqual(["a/e1/1", "b/e1/1", "a/e1/2", "a/e2/1", "b/e1/2,b/e1/3"]);
  });

  it("with a window of 0 sends every update alone, at once", async () => {
    const sent: number[][] = [];
    const publish = createBatchWindow(0, (updates) => {
      sent.push(updates.map((x) => x.seq));
      return Promise.resolve();
    });
    await Promise.all([publish(u(1)), publish(u(2)), publish(u(3))]);
    expect(sent).toEqual([[1], [2], [3]]);
  });
});

describe("the fan-out tracker and batches", () => {
  it("tracks every seq of a batch, so a hole before a batch is found and one filled by a batch closes", async () => {
    const http = createServer();
    const server = new Server(http, { parser: fanOutParser });
    const live = server.of(LIVE_NAMESPACE);
    const tracker = trackFanOut(live, () => {});
    const joined = new Promise<void>((resolve) =>
      live.on("connection", (socket) => {
        void socket.join(articleRoom("t"));
        resolve();
      }),
    );
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const reader = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}${LIVE_NAMESPACE}`, {
      transports: ["websocket"],
    });
    await joined;
    const batch = (...seqs: number[]) =>
      live
        .to(articleRoom("t"))
        .emit("updates", { articleId: "t", updates: seqs.map((n) => update("t", "e1", n)) });
    tracker.noteSubscribed("t", "e1", 3);
    batch(5, 6); // 4 was lost
    expect(tracker.holes()).toEqual([{ articleId: "t", epoch: "e1", after: 3 }]);
    batch(4, 7); // a repair's or a late batch
    expect(tracker.holes()).toEqual([]);
    expect(tracker.positions()).toEqual([{ articleId: "t", epoch: "e1", after: 7 }]);
    reader.close();
    await server.close();
  });
});

describe("bursts reach readers in batches (BATCH_WINDOW_MS)", () => {
  let stack: Stack;
  beforeAll(async () => {
    // A wide window, so that a burst on a busy machine still falls into a few of them.
    stack = await startStack({ config: { BATCH_WINDOW_MS: "200" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("a burst reaches a reader in fewer frames than entries, in seq order, once each; an old client gets every update singly; the SDK applies them in order", async () => {
    const articleId = await stack.createArticle();
    const batched = await frameReader(stack.url, { batches: true });
    const old = await frameReader(stack.url, { batches: false });
    const head = (await subscribed(batched, { articleId })).seq;
    await subscribed(old, { articleId });
    const sdk = startReader(stack.url, articleId);
    await waitFor(() => sdk.client.state === "live", 10_000, "the SDK reader live");
    const count = 30;
    const expected = range(count, head + 1);
    await postBurst(stack, articleId, count);

    await waitFor(() => batched.seqs().length >= count, 15_000, "the batch reader to get the burst");
    await waitFor(() => old.seqs().length >= count, 15_000, "the old reader to get the burst");
    await waitFor(() => sdk.seqs().length >= count, 15_000, "the SDK reader to apply the burst");
    console.log(
      `burst of ${count}: batch reader frames ${JSON.stringify(batched.frames.map((f) => f.seqs))}`,
    );

    expect(batched.frames.length).toBeLessThan(count);
    expect(batched.frames.some((f) => f.event === "updates" && f.seqs.length > 1)).toBe(true);
    for (const frame of batched.frames) expect(ascending(frame.seqs)).toBe(true);
    expect([...batched.seqs()].sort((a, b) => a - b)).toEqual(expected); // none lost, none twice

    expect(old.frames.every((f) => f.event === "update")).toBe(true);
    expect([...old.seqs()].sort((a, b) => a - b)).toEqual(expected);

    expect(sdk.seqs()).toEqual(expected);
    expect(new Set(sdk.entries.map((e) => e.id)).size).toBe(count);
    sdk.close();
    batched.close();
    old.close();
  });

  it("a single entry after a quiet spell arrives alone, as an `update`", async () => {
    const articleId = await stack.createArticle();
    const reader = await frameReader(stack.url, { batches: true });
    const head = (await subscribed(reader, { articleId })).seq;
    await postBurst(stack, articleId, 1);
    await waitFor(() => reader.frames.length > 0, 10_000, "the entry");
    expect(reader.frames).toEqual([{ event: "update", seqs: [head + 1] }]);
    reader.close();
  });

  it("a batch holding a private record evicts readers without a reader token before it is written", async () => {
    const articleId = await stack.createArticle();
    const token = (await stack.api("POST", `/v1/articles/${articleId}/reader-tokens`, { ttlSeconds: 600 }))
      .body.token as string;
    const holder = await frameReader(stack.url, { batches: true });
    const anonymous = await frameReader(stack.url, { batches: true });
    const anonymousOld = await frameReader(stack.url, { batches: false });
    const { epoch, seq } = await subscribed(holder, { articleId, token });
    await subscribed(anonymous, { articleId });
    await subscribed(anonymousOld, { articleId });

    // The worker's publisher: the first goes at once, the next two wait and go as one batch.
    const publisher = createUpdatePublisher(stack.redis, stack.config.KEY_PREFIX, { batchWindowMs: 50 });
    await Promise.all([
      publisher.publish(update(articleId, epoch, seq + 1)),
      publisher.publish(update(articleId, epoch, seq + 2)),
      publisher.publish(update(articleId, epoch, seq + 3, { private: true })),
    ]);

    await waitFor(() => holder.seqs().length === 3, 10_000, "the token holder to get all three");
    expect(holder.frames).toEqual([
      { event: "update", seqs: [seq + 1] },
      { event: "updates", seqs: [seq + 2, seq + 3] },
    ]);
    for (const reader of [anonymous, anonymousOld]) {
      await waitFor(() => reader.notices.length > 0, 10_000, "the eviction notice");
      expect(reader.notices).toEqual([{ articleId, reason: "article_private" }]);
      // The public entry before the batch, and nothing of the batch.
      expect(reader.seqs()).toEqual([seq + 1]);
    }
    for (const reader of [holder, anonymous, anonymousOld]) reader.close();
  });
});

describe("BATCH_WINDOW_MS=0", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { BATCH_WINDOW_MS: "0" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("sends every update of a burst alone", async () => {
    const articleId = await stack.createArticle();
    const reader = await frameReader(stack.url, { batches: true });
    const head = (await subscribed(reader, { articleId })).seq;
    await postBurst(stack, articleId, 20);
    await waitFor(() => reader.seqs().length >= 20, 15_000, "the burst");
    expect(reader.frames.every((f) => f.event === "update")).toBe(true);
    expect([...reader.seqs()].sort((a, b) => a - b)).toEqual(range(20, head + 1));
    reader.close();
  });
});
