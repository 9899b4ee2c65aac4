import { describe, expect, it } from "vitest";
import { ArticleFeed, type FeedTransport } from "../client-sdk/article-feed.js";
import type { Entry, SubscribeAck, SubscribeRequest, Update } from "../protocol/index.js";

// The ordering rules of the client, driven by hand: out-of-order arrival is otherwise rare and
// hard to provoke. The whole path is covered against real servers in the integration tests.
const article = {
  id: "a",
  title: "A",
  status: "live" as const,
  epoch: "e1",
  seq: 0,
  createdAt: "t",
  updatedAt: "t",
};

function entryOf(seq: number): Entry {
  return {
    id: `entry-${seq}`,
    articleId: "a",
    seq,
    body: `b${seq}`,
    html: `<p>b${seq}</p>`,
    pinned: false,
    keyEvent: false,
    publishedAt: new Date(seq * 1000).toISOString(),
  };
}

function entryUpdate(seq: number, epoch = "e1"): Update {
  const entry = entryOf(seq);
  return { articleId: "a", epoch, seq, type: "entry.created", entry, at: entry.publishedAt };
}

function harness() {
  const requests: SubscribeRequest[] = [];
  let answer: (ack: SubscribeAck) => void = () => undefined;
  const transport: FeedTransport = {
    requestSubscribe: (request) => {
      requests.push(request);
      return new Promise((resolve) => (answer = resolve));
    },
    requestUnsubscribe: () => undefined,
    isConnected: () => true,
    fetchOlder: () => Promise.resolve({ entries: [] }),
  };
  const feed = new ArticleFeed("a", transport, { gapFillDelayMs: 10, retryDelayMs: () => 10 });
  const applied: number[] = [];
  feed.add({ onUpdate: (u) => applied.push(u.seq) });
  return { feed, requests, applied, answer: (ack: SubscribeAck) => answer(ack) };
}

const flush = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("ArticleFeed ordering", () => {
  it("applies in seq order, buffers out-of-order updates, drops duplicates", async () => {
    const h = harness();
    h.feed.sync();
    h.answer({ ok: true, epoch: "e1", seq: 0, reset: true, entries: [], article });
    await flush();
    for (const seq of [1, 3, 2, 2, 1, 4]) h.feed.receive(entryUpdate(seq));
    expect(h.applied).toEqual([1, 2, 3, 4]);
    expect(h.feed.store.entries.map((e) => e.id)).toEqual(["entry-4", "entry-3", "entry-2", "entry-1"]);
  });

  it("fills a gap that does not fill itself from the log", async () => {
    const h = harness();
    h.feed.sync();
    h.answer({ ok: true, epoch: "e1", seq: 0, reset: true, entries: [], article });
    await flush();
    h.feed.receive(entryUpdate(1));
    h.feed.receive(entryUpdate(4));
    await flush(30);
    expect(h.requests.at(-1)).toEqual({ articleId: "a", since: 1, epoch: "e1" });
    h.answer({
      ok: true,
      epoch: "e1",
      seq: 4,
      updates: [entryUpdate(2), entryUpdate(3), entryUpdate(4)],
      article,
    });
    await flush();
    expect(h.applied).toEqual([1, 2, 3, 4]);
  });

  it("holds live updates that arrive during a catch-up until its answer", async () => {
    const h = harness();
    h.feed.sync();
    h.feed.receive(entryUpdate(3));
    h.answer({ ok: true, epoch: "e1", seq: 2, reset: true, entries: [entryOf(2)], article });
    await flush();
    expect(h.applied).toEqual([3]);
    expect(h.feed.seq).toBe(3);
  });

  it("resyncs on an update from another epoch instead of applying it", async () => {
    const h = harness();
    h.feed.sync();
    h.answer({ ok: true, epoch: "e1", seq: 5, reset: true, entries: [], article });
    await flush();
    h.feed.receive(entryUpdate(1, "e2")); // a lost log starts again at seq 1
    expect(h.applied).toEqual([]);
    expect(h.requests.at(-1)).toEqual({ articleId: "a", since: 5, epoch: "e1" });
    h.answer({
      ok: true,
      epoch: "e2",
      seq: 1,
      reset: true,
      entries: [],
      article: { ...article, epoch: "e2" },
    });
    await flush();
    h.feed.receive(entryUpdate(2, "e2"));
    expect(h.applied).toEqual([2]);
    expect(h.feed.epoch).toBe("e2");
  });
});
