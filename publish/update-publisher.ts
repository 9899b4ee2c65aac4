import { Emitter } from "@socket.io/redis-emitter";
import { isCluster, type Cluster, type RedisClient } from "../platform/redis.js";
import {
  LIVE_NAMESPACE,
  SINGLE_UPDATE_READERS_ROOM,
  articleRoom,
  type ServerToClientEvents,
  type Update,
} from "../protocol/index.js";
import { createBatchWindow } from "./batch-window.js";
import { shardedBroadcast } from "./sharded-broadcast.js";

/** The Redis key the Socket.IO adapter and emitter share, under Herald's prefix. */
export function adapterKey(keyPrefix: string): string {
  return `${keyPrefix}socket.io`;
}

export interface UpdatePublisher {
  /** Sends an update to the article's room on every server; resolves once Redis took it. */
  publish(update: Update): Promise<void>;
}

export interface UpdatePublisherOptions {
  /**
   * `BATCH_WINDOW_MS`: updates of one article that come within this long after one that was
   * sent go out together, as one `updates` message (batch-window.ts). @default 0 (each alone)
   */
  batchWindowMs?: number;
}

/**
 * Publishes through the Socket.IO Redis emitter, but waits for Redis's answer: the emitter
 * itself fires and forgets, and a lost publish must fail the job so its retry publishes again.
 *
 * A batch is one pub/sub message and, on every server, one encode and one write per reader
 * instead of one per update (the write per socket is most of a fan-out's cost). It goes to
 * the article's room except the readers that did not announce batches: their server sends
 * them its updates one by one (server/realtime/single-update-readers.ts).
 */
export function createUpdatePublisher(
  redis: RedisClient,
  keyPrefix: string,
  options: UpdatePublisherOptions = {},
): UpdatePublisher {
  if (isCluster(redis)) return createShardedPublisher(redis, keyPrefix, options);
  let pending: Promise<unknown>[] = [];
  const client = {
    publish(channel: string, message: string | Buffer) {
      const sent = redis.publish(channel, message);
      pending.push(sent);
      return sent;
    },
  };
  const live = new Emitter<ServerToClientEvents>(client, { key: adapterKey(keyPrefix) }).of(LIVE_NAMESPACE);
  const send = async (updates: Update[]) => {
    const [first] = updates;
    if (!first) return;
    const room = live.to(articleRoom(first.articleId));
    if (updates.length === 1) room.emit("update", first);
    else room.except(SINGLE_UPDATE_READERS_ROOM).emit("updates", { articleId: first.articleId, updates });
    const sent = pending;
    pending = [];
    await Promise.all(sent);
  };
  return { publish: createBatchWindow(options.batchWindowMs ?? 0, send) };
}

/**
 * On a Redis Cluster: the same messages in the sharded adapter's format, each SPUBLISHed to
 * its article room's channel, on the primary that owns that channel's slot. A server
 * subscribes to a room's channel only while it has readers there, so a server receives no
 * update of an article nobody reads on it.
 */
function createShardedPublisher(
  redis: Cluster,
  keyPrefix: string,
  options: UpdatePublisherOptions,
): UpdatePublisher {
  const send = async (updates: Update[]) => {
    const [first] = updates;
    if (!first) return;
    const room = articleRoom(first.articleId);
    const broadcast = shardedBroadcast(
      updates.length === 1
        ? { channelPrefix: adapterKey(keyPrefix), room, event: "update", payload: first }
        : {
            channelPrefix: adapterKey(keyPrefix),
            room,
            except: [SINGLE_UPDATE_READERS_ROOM],
            event: "updates",
            payload: { articleId: first.articleId, updates },
          },
    );
    await redis.spublish(broadcast.channel, broadcast.message);
  };
  return { publish: createBatchWindow(options.batchWindowMs ?? 0, send) };
}
