import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { Queue } from "bullmq";
import { ENTRIES_QUEUE, createEntriesQueue, queuePrefix, type EntriesQueue } from "../queue/entries-queue.js";
import { acceptOperation } from "../queue/accept-operation.js";
import { createOpId, type Operation } from "../article-log/operation.js";
import { recordAccepted } from "../article-log/write.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";

const DAY_MS = 24 * 3_600_000;
/** More delayed jobs of other articles than the old scan of the queue's first 1,000 saw. */
const OTHER_ARTICLES = 1_050;

interface Scheduled {
  id: string;
  articleId: string;
  publishAt: string;
  body: string;
}

describe("scheduled entries are listed per article", () => {
  let stack: Stack;
  let queueRedis: Redis;
  let queue: EntriesQueue;

  beforeAll(async () => {
    stack = await startStack();
    queueRedis = new Redis(stack.config.REDIS_URL, { maxRetriesPerRequest: null });
    queue = createEntriesQueue(queueRedis, stack.config.KEY_PREFIX);
    // Other newsrooms' embargoes, all due a day from now: straight into the queue, in one go.
    const publishAt = new Date(Date.now() + DAY_MS).toISOString();
    const acceptedAt = new Date().toISOString();
    await queue.addBulk(
      Array.from({ length: OTHER_ARTICLES }, (_, i) => {
        const op: Operation = {
          kind: "entry.create",
          opId: createOpId(`other-${i}`, "embargo"),
          articleId: `other-${i}`,
          entryId: "embargo",
          acceptedAt,
          publishAt,
          fields: { body: "Not yet", pinned: false, keyEvent: false },
        };
        return { name: op.kind, data: op, opts: { jobId: op.opId, delay: DAY_MS } };
      }),
    );
  });

  afterAll(async () => {
    await queue.close();
    queueRedis.disconnect();
    await stack.close();
  });

  it("shows an article's own entries behind more than 1,000 delayed jobs of other articles; each leaves the list when it fails for good, goes out or is cancelled", async () => {
    expect(await queue.getDelayedCount()).toBeGreaterThan(1_000);
    const articleId = await stack.createArticle();
    const prefix = stack.config.KEY_PREFIX;

    // Two that fail for good when their time comes: one accepted as the API accepts it whose
    // body renders past the worker's cap, one whose job data is no operation at all.
    const tooLarge: Operation = {
      kind: "entry.create",
      opId: createOpId(articleId, "too-large"),
      articleId,
      entryId: "too-large",
      acceptedAt: new Date().toISOString(),
      publishAt: new Date(Date.now() + 50).toISOString(),
      fields: { body: "x".repeat(stack.config.ENTRY_HTML_MAX_BYTES + 1), pinned: false, keyEvent: false },
    };
    await acceptOperation({ redis: stack.redis, queue, keyPrefix: prefix }, tooLarge);
    const untyped = new Queue(ENTRIES_QUEUE, { connection: queueRedis, prefix: queuePrefix(prefix) });
    await untyped.add(
      "entry.create",
      { kind: "entry.create", articleId, entryId: "forged" },
      {
        jobId: createOpId(articleId, "forged"),
        delay: 50,
      },
    );
    await untyped.close();
    await recordAccepted(stack.redis, prefix, { articleId, entryId: "forged", scheduledFor: new Date() });
    for (const entryId of ["too-large", "forged"]) {
      await waitFor(
        async () => (await queue.getJob(createOpId(articleId, entryId)))?.isFailed(),
        10_000,
        `the job of ${entryId} to fail`,
      );
    }
    const schedule = async (body: string, inMs: number) => {
      const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
        body,
        publishAt: new Date(Date.now() + inMs).toISOString(),
      });
      expect(res.status).toBe(202);
      return res.body.id as string;
    };
    const listed = async () => {
      const res = await stack.api("GET", `/v1/articles/${articleId}/scheduled`);
      expect(res.status).toBe(200);
      return (res.body.scheduled as Scheduled[]).map((s) => ({ id: s.id, body: s.body }));
    };

    const soon = await schedule("The minister speaks at noon", 5_000);
    const later = await schedule("The report, under embargo for two days", 2 * DAY_MS);
    expect(await listed()).toEqual([
      { id: soon, body: "The minister speaks at noon" },
      { id: later, body: "The report, under embargo for two days" },
    ]);

    // The first goes out: once readers have it, the editor no longer sees it as scheduled.
    await waitFor(
      async () => {
        const res = await stack.api("GET", `/v1/articles/${articleId}/entries`);
        return (res.body.entries as { id: string }[]).some((e) => e.id === soon);
      },
      20_000,
      "the scheduled entry to go out",
    );
    expect(await listed()).toEqual([{ id: later, body: "The report, under embargo for two days" }]);

    // The second is cancelled.
    const cancelled = await stack.api("DELETE", `/v1/articles/${articleId}/scheduled/${later}`);
    expect(cancelled.status).toBe(204);
    expect(await listed()).toEqual([]);
    const entries = await stack.api("GET", `/v1/articles/${articleId}/entries`);
    expect((entries.body.entries as { id: string }[]).map((e) => e.id)).toEqual([soon]);
  }, 40_000);
});
