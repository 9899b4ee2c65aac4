import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  redisClusterToolsMissing,
  startPrivateRedisCluster,
  type PrivateRedisCluster,
} from "../bin/lib/private-redis-cluster.js";

/**
 * bin/lib/private-redis-cluster.ts: a real 3-primary, 3-replica Redis Cluster of redis-server
 * processes, as tests, the bench and `npm run cluster --redis-cluster` use it.
 */
const missing = redisClusterToolsMissing();
if (missing) process.stderr.write(`redis-cluster-launcher.test: skipped, ${missing}\n`);

async function dbsize(port: number): Promise<number> {
  const redis = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    return await redis.dbsize();
  } finally {
    redis.disconnect();
  }
}

describe.skipIf(missing !== null)("a private Redis Cluster (bin/lib/private-redis-cluster.ts)", () => {
  let cluster: PrivateRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    const started = performance.now();
    cluster = await startPrivateRedisCluster();
    process.stderr.write(
      `redis-cluster-launcher.test: created and healthy in ${Math.round(performance.now() - started)} ms\n`,
    );
    client = new Cluster(
      cluster.seeds.split(",").map((address) => {
        const [host, port] = address.split(":");
        return { host, port: Number(port) };
      }),
    );
  });
  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  it("has 3 primaries with 1 replica each, and their slots cover 0–16383 once", async () => {
    expect(cluster.nodes).toHaveLength(6);
    const primaries = await cluster.primaries();
    expect(primaries).toHaveLength(3);
    for (const primary of primaries) expect(primary.replicas).toHaveLength(1);
    const all = new Set(primaries.flatMap((primary) => [primary.port, ...primary.replicas]));
    expect(all).toEqual(new Set(cluster.nodes.map((node) => node.port)));

    const ranges = primaries.flatMap((primary) => primary.slots).sort((a, b) => a[0] - b[0]);
    let next = 0;
    for (const [from, to] of ranges) {
      expect(from).toBe(next); // no gap, no overlap
      expect(to).toBeGreaterThanOrEqual(from);
      next = to + 1;
    }
    expect(next).toBe(16384);
  });

  it("spreads keys of different articles over all 3 primaries", async () => {
    for (let i = 0; i < 300; i++) await client.set(`k:{article-${i}}`, String(i));
    const primaries = await cluster.primaries();
    const sizes = await Promise.all(primaries.map((primary) => dbsize(primary.port)));
    for (const size of sizes) expect(size).toBeGreaterThan(0);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it("after a primary crashes, its replica takes over and a replicated key is still readable", async () => {
    const key = "k:{article-failover}";
    // WAIT runs on the connection that wrote: a pipeline goes to one node, the key's primary.
    const replies = await client.pipeline().set(key, "kept").wait(1, 5_000).exec();
    expect(replies?.map(([err]) => err)).toEqual([null, null]);
    expect(replies?.[1]?.[1]).toBeGreaterThanOrEqual(1);

    const oldPrimary = await cluster.primaryFor(key);
    const before = (await cluster.primaries()).find((primary) => primary.port === oldPrimary);
    expect(before?.replicas).toHaveLength(1);
    const replica = before!.replicas[0]!;

    const killed = performance.now();
    cluster.kill(oldPrimary);
    await cluster.waitHealthy();
    process.stderr.write(
      `redis-cluster-launcher.test: failover (kill → healthy) in ${Math.round(performance.now() - killed)} ms\n`,
    );

    const after = await cluster.primaries();
    expect(after.map((primary) => primary.port)).not.toContain(oldPrimary);
    expect(after.map((primary) => primary.port)).toContain(replica);
    expect(await cluster.primaryFor(key)).toBe(replica);
    expect(await client.get(key)).toBe("kept");
  });
});
