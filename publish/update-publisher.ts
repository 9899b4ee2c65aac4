import { Emitter } from "@socket.io/redis-emitter";
import { isCluster, type Cluster, type Redis, type RedisClient } from "../platform/redis.js";
import {
  LIVE_NAMESPACE,
  SINGLE_UPDATE_READERS_ROOM,
  articleRoom,
  type ServerToClientEvents,
  type Update,
  type UpdateBatch,
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

/** What one send puts on the wire: a lone update to the room, or a batch to its batch readers. */
type Broadcast = { room: string } & (
  | { event: "update"; payload: Update; except: [] }
  | { event: "updates"; payload: UpdateBatch; except: [typeof SINGLE_UPDATE_READERS_ROOM] }
);

/**
 * A batch is one pub/sub message and, on every server, one encode and one write per reader
 * instead of one per update (the write per socket is most of a fan-out's cost). It goes to
 * the article's room except the readers that did not announce batches: their server sends
 * them its updates one by one (server/realtime/single-update-readers.ts).
 */
function broadcastOf(updates: Update[]): Broadcast | null {
  const [first] = updates;
  if (!first) return null;
  const room = articleRoom(first.articleId);
  return updates.length === 1
    ? { room, event: "update", payload: first, except: [] }
    : {
        room,
        event: "updates",
        payload: { articleId: first.articleId, updates },
        except: [SINGLE_UPDATE_READERS_ROOM],
      };
}

/**
 * Publishes each update, or batch, to its article's room on every server, and resolves once
 * Redis took it: a lost publish must fail the job so its retry publishes again.
 *
 * On a single Redis, through the Socket.IO Redis emitter (which itself fires and forgets, so
 * its publishes are awaited here). On a Redis Cluster, the same messages in the sharded
 * adapter's format, each SPUBLISHed to its room's channel on the primary that owns that
 * channel's slot: a server subscribes to a room's channel only while it has readers there,
 * so it receives no update of an article nobody reads on it.
 */
export function createUpdatePublisher(
  redis: RedisClient,
  keyPrefix: string,
  options: UpdatePublisherOptions = {},
): UpdatePublisher {
  const transmit = isCluster(redis)
    ? shardedTransmitter(redis, keyPrefix)
    : emitterTransmitter(redis, keyPrefix);
  return {
    publish: createBatchWindow(options.batchWindowMs ?? 0, async (updates) => {
      const broadcast = broadcastOf(updates);
      if (broadcast) await transmit(broadcast);
    }),
  };
}

function emitterTransmitter(redis: Redis, keyPrefix: string): (broadcast: Broadcast) => Promise<void> {
  let pending: Promise<unknown>[] = [];
  const client = {
    publish(channel: string, message: string | Buffer) {
      const sent = redis.publish(channel, message);
      pending.push(sent);
      return sent;
    },
  };
  const live = new Emitter<ServerToClientEvents>(client, { key: adapterKey(keyPrefix) }).of(LIVE_NAMESPACE);
  return async (broadcast) => {
    const to = live.to(broadcast.room).except(broadcast.except);
    if (broadcast.event === "update") to.emit("update", broadcast.payload);
    else to.emit("updates", broadcast.payload);
    const sent = pending;
    pending = [];
    await Promise.all(sent);
  };
}

function shardedTransmitter(redis: Cluster, keyPrefix: string): (broadcast: Broadcast) => Promise<void> {
  return async ({ room, event, payload, except }) => {
    const { channel, message } = shardedBroadcast({
      channelPrefix: adapterKey(keyPrefix),
      room,
      except,
      event,
      payload,
    });
    await redis.spublish(channel, message);
  };
}
