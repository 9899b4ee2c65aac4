import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HeraldClient,
  compareEntries,
  type Entry,
  type ErrorBody,
  type Update,
} from "../client-sdk/index.js";
import { articleRoom } from "../protocol/index.js";
import { adapterKey } from "../publish/update-publisher.js";
import { queuePrefix } from "../queue/entries-queue.js";
import { ReplicationTimeoutError, waitForReplicas } from "../platform/replication.js";
import { redisClusterToolsMissing } from "../bin/lib/private-redis-cluster.js";
import { startClusterStack, type ClusterStack } from "./helpers/cluster-stack.js";
import { range, startReader, type Reader } from "./helpers/reader.js";
import { waitFor } from "./helpers/stack.js";
import { startWebhookReceiver } from "./helpers/webhook-receiver.js";
import { expectExactlyOnceInOrder } from "./helpers/checks.js";

/**
 * Herald on a real Redis Cluster (3 primaries, 3 replicas of redis-server), with two servers
 * and two workers as separate processes: the pipeline, where the keys land, sharded pub/sub,
 * and a primary's failover.
 */
const missing = redisClusterToolsMissing();
if (missing) process.stderr.write(`redis-cluster.test: skipped, ${missing}\n`);

/** Keys matching `pattern` on one node (a primary holds only its own slots' keys). */
async function keysOn(port: number, pattern: string): Promise<string[]> {
  const node = new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== "0");
    return keys;
  } finally {
    node.disconnect();
  }
}

/** Each reader saw no update twice: within each epoch, seqs only go up. */
function expectNoDuplicates(reader: Reader): void {
  const lastByEpoch = new Map<string, number>();
  for (const update of reader.updates) {
    const last = lastByEpoch.get(update.epoch) ?? 0;
    expect(update.seq, `seq ${update.seq} after ${last} in epoch ${update.epoch}`).toBeGreaterThan(last);
    lastByEpoch.set(update.epoch, update.seq);
  }
}

const bodies = (reader: Reader) => reader.entries.map((e) => e.body);

describe.skipIf(missing !== null)("Herald on a Redis Cluster", () => {
  let stack: ClusterStack;
  const readers: Reader[] = [];
  beforeAll(async () => {
    stack = await startClusterStack({
      servers: 2,
      workers: 2,
      // Each update its own pub/sub message, so that messages can be counted per update.
      env: { BATCH_WINDOW_MS: "0", RATE_LIMITS: "off", WEBHOOK_ALLOW_PRIVATE: "1" },
    });
  });
  afterAll(async () => {
    for (const reader of readers) reader.close();
    await stack?.close();
  });
  const read = (url: string, articleId: string) => {
    const reader = startReader(url, articleId);
    readers.push(reader);
    return reader;
  };
  const post = (articleId: string, body: string, server = 0, headers: Record<string, string> = {}) =>
    stack.api("POST", `/v1/articles/${articleId}/entries`, { server, body: { body }, headers });

  it("runs the whole pipeline: posts, corrections, retractions, catch-up, idempotency, scheduled entries, webhooks", async () => {
    const articleId = "cluster-pipeline";
    expect(
      (await stack.api("PUT", `/v1/articles/${articleId}`, { body: { title: "On a cluster" } })).status,
    ).toBe(201);
    const onA = read(stack.urls[0]!, articleId);
    const onB = read(stack.urls[1]!, articleId);
    await waitFor(() => onA.states.includes("live") && onB.states.includes("live"), 10_000, "readers live");

    const first = await post(articleId, "One", 0, { "Idempotency-Key": "cluster-one" });
    expect(first.status).toBe(202);
    // The same key again, through the other server: the same entry, not a second one.
    const again = await post(articleId, "One", 1, { "Idempotency-Key": "cluster-one" });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    const second = await post(articleId, "Two", 1);
    expect(second.status).toBe(202);
    await waitFor(() => onA.updates.length === 2 && onB.updates.length === 2, 10_000, "two entries");
    const entry = (id: string) => `/v1/articles/${articleId}/entries/${id}`;
    expect(
      (await stack.api("PATCH", entry(first.body.id), { server: 1, body: { body: "One, corrected" } }))
        .status,
    ).toBe(202);
    expect((await stack.api("DELETE", entry(second.body.id))).status).toBe(202);
    await waitFor(
      () => onA.updates.length === 4 && onB.updates.length === 4,
      10_000,
      "the correction and retraction",
    );
    expectExactlyOnceInOrder([onA, onB], 4);
    expect(bodies(onA)).toEqual(["One, corrected"]);
    expect(bodies(onB)).toEqual(["One, corrected"]);

    // Catch-up from the log, over HTTP and by a reader that comes late.
    const { epoch } = (await stack.api("GET", `/v1/articles/${articleId}`, { server: 1 })).body;
    const updates = await stack.api("GET", `/v1/articles/${articleId}/updates?since=1&epoch=${epoch}`, {
      server: 1,
    });
    expect(updates.status).toBe(200);
    expect(updates.body.updates.map((u: Update) => u.seq)).toEqual([2, 3, 4]);
    const late = read(stack.urls[1]!, articleId);
    await waitFor(() => late.resets === 1, 10_000, "the late reader's load");
    expect(bodies(late)).toEqual(["One, corrected"]);

    // A scheduled entry waits in the queue (on its own hash tag), then goes out.
    const publishAt = new Date(Date.now() + 1_500).toISOString();
    const scheduled = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
      body: { body: "Later", publishAt },
    });
    expect(scheduled.status).toBe(202);
    const listed = await stack.api("GET", `/v1/articles/${articleId}/scheduled`, { server: 1 });
    expect(listed.body.scheduled.map((s: { id: string }) => s.id)).toEqual([scheduled.body.id]);
    await waitFor(() => onB.updates.length === 5, 15_000, "the scheduled entry");
    expect(bodies(onB)).toEqual(["Later", "One, corrected"]);
    expect((await stack.api("GET", `/v1/articles/${articleId}/scheduled`)).body.scheduled).toEqual([]);

    // A webhook, delivered by a worker from the webhooks queue.
    const receiver = await startWebhookReceiver();
    const { received } = receiver;
    try {
      const hook = await stack.api("POST", "/v1/webhooks", {
        as: stack.operatorToken,
        body: { url: receiver.url, articles: [articleId], events: ["entry.created"] },
      });
      expect(hook.status).toBe(201);
      // A new webhook is seen by the workers within a second: post until one is delivered.
      for (let i = 0; received.length === 0 && i < 20; i++) {
        expect((await post(articleId, `Hooked ${i}`, i % 2)).status).toBe(202);
        await waitFor(() => received.length > 0, 500, "a delivery").catch(() => undefined);
      }
      expect(received.length).toBeGreaterThan(0);
      expect(JSON.parse(received[0]!.body).type).toBe("entry.created");
    } finally {
      await receiver.close();
    }
  });

  it("keeps private articles private: a reader needs a reader token", async () => {
    const articleId = "cluster-private";
    expect(
      (await stack.api("PUT", `/v1/articles/${articleId}`, { body: { title: "Subscribers", private: true } }))
        .status,
    ).toBe(201);
    const errors: ErrorBody[] = [];
    const anonymous = new HeraldClient({ url: stack.urls[1]!, fallback: false });
    anonymous.subscribe(articleId, { onError: (error) => errors.push(error) });
    const minted = await stack.api("POST", `/v1/articles/${articleId}/reader-tokens`, { body: {} });
    expect(minted.status).toBe(201);
    const seen: string[] = [];
    let live = false;
    const subscriber = new HeraldClient({
      url: stack.urls[0]!,
      fallback: false,
      readerToken: () => minted.body.token,
    });
    subscriber.subscribe(articleId, {
      onUpdate: (u) => seen.push(u.type === "entry.created" ? u.entry.body : u.type),
      onState: (state) => (live ||= state === "live"),
    });
    try {
      await waitFor(() => errors.length > 0, 10_000, "the anonymous reader refused");
      expect(errors[0]!.code).toBe("unauthorized");
      await waitFor(() => live, 10_000, "the subscriber live");
      expect((await post(articleId, "For subscribers", 1)).status).toBe(202);
      await waitFor(() => seen.length > 0, 10_000, "the subscriber's entry");
      expect(seen).toEqual(["For subscribers"]);
    } finally {
      anonymous.close();
      subscriber.close();
    }
  });

  it("spreads articles' keys over all three primaries, each article's keys on one, the queue on one", async () => {
    const prefix = stack.config.KEY_PREFIX;
    for (const i of range(30)) {
      const status = (
        await stack.api("PUT", `/v1/articles/spread-${i}`, { server: i % 2, body: { title: `No. ${i}` } })
      ).status;
      expect(status).toBe(201);
    }
    const primaries = await stack.cluster.primaries();
    expect(primaries).toHaveLength(3);
    const articlesOn = await Promise.all(
      primaries.map(
        async (p) => new Set((await keysOn(p.port, `${prefix}a:{spread-*`)).map((k) => k.split("}")[0])),
      ),
    );
    // Every primary holds some articles, and no article's keys are split over two.
    for (const held of articlesOn) expect(held.size).toBeGreaterThan(0);
    expect(articlesOn.reduce((sum, held) => sum + held.size, 0)).toBe(30);
    const queueKeys = await Promise.all(
      primaries.map((p) => keysOn(p.port, `${queuePrefix(prefix, true)}*`)),
    );
    expect(queueKeys.filter((keys) => keys.length > 0)).toHaveLength(1);
  });

  it("confirms a write on the replicas of its own primary (REDIS_WAIT_REPLICAS), and says when too few hold it", async () => {
    const key = `${stack.config.KEY_PREFIX}a:{cluster-wait}:meta`;
    await stack.redis.hset(key, "probe", "1");
    await expect(waitForReplicas(stack.redis, key, 1, 5_000)).resolves.toBeUndefined();
    // Each primary has one replica: two cannot confirm.
    await stack.redis.hset(key, "probe", "2");
    await expect(waitForReplicas(stack.redis, key, 2, 200)).rejects.toBeInstanceOf(ReplicationTimeoutError);
  });

  it("sends an article's updates only to the servers with readers of it (sharded pub/sub)", async () => {
    const articleId = "cluster-local";
    expect(
      (await stack.api("PUT", `/v1/articles/${articleId}`, { body: { title: "One server" } })).status,
    ).toBe(201);
    const onA = read(stack.urls[0]!, articleId);
    await waitFor(() => onA.states.includes("live"), 10_000, "the reader live");
    const channel = `${adapterKey(stack.config.KEY_PREFIX)}#/live#${articleRoom(articleId)}#`;
    const owner = new Redis({ host: "127.0.0.1", port: await stack.cluster.primaryFor(channel) });
    try {
      // One subscriber to the room's channel, on the primary that owns its slot: server A.
      expect(await owner.call("PUBSUB", "SHARDNUMSUB", channel)).toEqual([channel, 1]);
    } finally {
      owner.disconnect();
    }
    const name = "herald_pubsub_messages_received_total";
    const before = [await stack.metric(0, name), await stack.metric(1, name)];
    for (const i of range(10)) expect((await post(articleId, `Local ${i}`, i % 2)).status).toBe(202);
    await waitFor(() => onA.updates.length === 10, 10_000, "ten updates");
    const after = [await stack.metric(0, name), await stack.metric(1, name)];
    expect(after[0]! - before[0]!).toBeGreaterThanOrEqual(10);
    expect(after[1]! - before[1]!).toBe(0);
  });

  it("survives a primary's SIGKILL under a stream of posts: every reader ends with the log, none twice, an explicit reset", async () => {
    const prefix = stack.config.KEY_PREFIX;
    const queuePrimary = await stack.cluster.primaryFor(`${queuePrefix(prefix, true)}:entries:wait`);
    // An article whose log and room channel share a primary that does not hold the queue:
    // its death then takes both, and every entry acknowledged is still in the queue.
    let articleId = "";
    let victim = 0;
    for (let i = 0; !articleId; i++) {
      const candidate = `failover-${i}`;
      const logPrimary = await stack.cluster.primaryFor(`${prefix}a:{${candidate}}:meta`);
      const channelPrimary = await stack.cluster.primaryFor(
        `${adapterKey(prefix)}#/live#${articleRoom(candidate)}#`,
      );
      if (logPrimary === channelPrimary && logPrimary !== queuePrimary)
        [articleId, victim] = [candidate, logPrimary];
    }
    expect(
      (await stack.api("PUT", `/v1/articles/${articleId}`, { body: { title: "Failover" } })).status,
    ).toBe(201);
    const epochBefore = (await stack.api("GET", `/v1/articles/${articleId}`)).body.epoch as string;
    const watchers = [0, 0, 1, 1].map((server) => read(stack.urls[server]!, articleId));
    await waitFor(() => watchers.every((r) => r.states.includes("live")), 10_000, "readers live");

    /** Posts until accepted, retrying with the same Idempotency-Key through either server. */
    const postUntilAccepted = async (i: number): Promise<string> => {
      const deadline = Date.now() + 60_000;
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await post(articleId, `Entry ${i}`, (i + attempt) % 2, {
            "Idempotency-Key": `failover-${i}`,
          });
          if (res.status === 202) return res.body.id as string;
          // Only "unavailable, retry" is expected while the primary is replaced.
          expect(res.status, JSON.stringify(res.body)).toBe(503);
          unavailable++;
          expect(res.headers.get("retry-after")).toBeTruthy();
        } catch (err) {
          if (Date.now() > deadline) throw err;
        }
        if (Date.now() > deadline) throw new Error(`entry ${i} not accepted within 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const accepted: string[] = [];
    let unavailable = 0;
    const POSTS = 40;
    for (const i of range(POSTS)) {
      accepted.push(await postUntilAccepted(i));
      if (i === 15) stack.cluster.kill(victim);
    }
    await stack.cluster.waitHealthy();
    const article = (await stack.api("GET", `/v1/articles/${articleId}`)).body;
    const log = (await stack.api("GET", `/v1/articles/${articleId}/entries?limit=100`)).body
      .entries as Entry[];
    // In the SDK's order: two entries published in the same millisecond are ordered by id
    // there and by seq in the log's index (noted in #13's closing note).
    log.sort(compareEntries);
    const logIds = log.map((e) => e.id);
    // Every reader, on either server, ends showing exactly the log: nothing silently missing.
    await waitFor(
      () =>
        watchers.every(
          (r) => r.states.at(-1) === "live" && r.entries.map((e) => e.id).join() === logIds.join(),
        ),
      30_000,
      "every reader showing the log",
    );
    for (const reader of watchers) expectNoDuplicates(reader);
    // The promoted replica may lack the last updates applied before the kill: the article
    // started a new epoch at its first update after the failover, and every reader reloaded.
    expect(article.epoch).not.toBe(epochBefore);
    for (const reader of watchers) expect(reader.resets).toBeGreaterThanOrEqual(2);
    const lost = accepted.filter((id) => !logIds.includes(id));
    process.stderr.write(
      `redis-cluster.test: failover of primary ${victim}: ${accepted.length} entries accepted (${unavailable} answers 503 on the way), ${lost.length} lost with the unreplicated tail, new epoch ${article.epoch}\n`,
    );
    // Only entries applied just before the kill can be lost (asynchronous replication).
    expect(lost.length).toBeLessThan(POSTS / 2);
  });
});
