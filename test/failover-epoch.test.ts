import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyOperation } from "../article-log/write.js";
import { articleKeys } from "../article-log/keys.js";
import { isAccepted, readArticle } from "../article-log/read.js";
import type { Operation } from "../article-log/operation.js";
import { startStack, type Stack } from "./helpers/stack.js";

/**
 * After a Redis Cluster failover the promoted replica may lack the last updates readers were
 * sent, and would hand their seqs out again. The apply script notices that the primary
 * changed (its replication id is not the one the article last saw) and starts a new epoch.
 * Here a failover is simulated on one Redis: the article's remembered id is made another's.
 */
describe("a new epoch after a failover (apply-operation.lua, watchFailover)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 0 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const create = (articleId: string, body: string): Extract<Operation, { kind: "entry.create" }> => ({
    kind: "entry.create",
    opId: randomUUID(),
    articleId,
    entryId: `e${randomUUID().slice(0, 8)}`,
    acceptedAt: new Date().toISOString(),
    fields: { body, pinned: false, keyEvent: false },
  });
  const apply = (op: Operation, watchFailover: boolean) =>
    applyOperation(stack.redis, stack.config.KEY_PREFIX, op, {
      retention: stack.config.LOG_RETENTION,
      watchFailover,
    });
  const epochOf = async (articleId: string) =>
    (await readArticle(stack.redis, stack.config.KEY_PREFIX, articleId))?.epoch;
  /** What a promoted replica looks like to the article: another primary's replication id. */
  const failOver = (articleId: string) =>
    stack.redis.hset(articleKeys(stack.config.KEY_PREFIX, articleId).meta, "replid", "f".repeat(40));

  it("keeps the epoch while the primary stays, and starts a new one at the first apply after it changed", async () => {
    const articleId = await stack.createArticle();
    const epoch = await epochOf(articleId);
    const first = await apply(create(articleId, "before"), true);
    const second = await apply(create(articleId, "still before"), true);
    expect(first.status === "applied" && first.update.epoch).toBe(epoch);
    expect(second.status === "applied" && second.update.epoch).toBe(epoch);

    await failOver(articleId);
    const after = await apply(create(articleId, "after the failover"), true);
    expect(after.status).toBe("applied");
    const newEpoch = after.status === "applied" ? after.update.epoch : "";
    expect(newEpoch).not.toBe(epoch);
    expect(await epochOf(articleId)).toBe(newEpoch);
    // Once: the next apply on the same primary keeps the new epoch.
    const next = await apply(create(articleId, "later"), true);
    expect(next.status === "applied" && next.update.epoch).toBe(newEpoch);
  });

  it("marks an applied entry accepted, so a correction works even when the API's mark was lost", async () => {
    const articleId = await stack.createArticle();
    // Posted through the API on a primary that then failed over: the job survived on the
    // queue's primary, the mark that corrections check did not.
    const op = create(articleId, "survived");
    expect(await isAccepted(stack.redis, stack.config.KEY_PREFIX, articleId, op.entryId)).toBe(false);
    expect((await apply(op, true)).status).toBe("applied");
    expect(await isAccepted(stack.redis, stack.config.KEY_PREFIX, articleId, op.entryId)).toBe(true);
    const patched = await stack.api("PATCH", `/v1/articles/${articleId}/entries/${op.entryId}`, {
      body: "fixed",
    });
    expect(patched.status).toBe(202);
  });

  it("leaves single-Redis mode as it was (no watch)", async () => {
    const articleId = await stack.createArticle();
    const epoch = await epochOf(articleId);
    await failOver(articleId);
    const applied = await apply(create(articleId, "unwatched"), false);
    expect(applied.status === "applied" && applied.update.epoch).toBe(epoch);
  });
});
