import calculateSlot from "cluster-key-slot";
import { isCluster, type Redis, type RedisClient } from "./redis.js";

/** Fewer replicas than asked confirmed the writes in time: the caller fails, and is retried. */
export class ReplicationTimeoutError extends Error {
  override name = "ReplicationTimeoutError";
}

/** The connection to the primary that holds `key` (on a cluster: its slot's primary now). */
function primaryOf(client: RedisClient, key: string): Redis {
  if (!isCluster(client)) return client;
  const [address] = client.slots[calculateSlot(key)] ?? [];
  const primary = client
    .nodes("master")
    .find((node) => `${node.options.host}:${node.options.port}` === address);
  if (!primary) throw new ReplicationTimeoutError(`No primary known for the slot of ${key} (failing over?)`);
  return primary;
}

/**
 * Redis `WAIT`: blocks until `replicas` replicas of the primary holding `key` have every write
 * this client sent it so far (the connection's own writes: the one that wrote must ask), or
 * `timeoutMs` passes. Throws ReplicationTimeoutError when fewer confirmed.
 *
 * Redis replication is asynchronous: an update a primary applied can be lost when its
 * replica takes over. After this resolves, it is on `replicas` replicas too, so a failover
 * that promotes one of them keeps it (the failover picks the replica most up to date).
 */
export async function waitForReplicas(
  client: RedisClient,
  key: string,
  replicas: number,
  timeoutMs: number,
): Promise<void> {
  if (replicas <= 0) return;
  const confirmed = await primaryOf(client, key).wait(replicas, timeoutMs);
  if (confirmed < replicas) {
    throw new ReplicationTimeoutError(
      `${confirmed} of ${replicas} replicas confirmed the write within ${timeoutMs} ms`,
    );
  }
}
