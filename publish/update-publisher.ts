import { Emitter } from "@socket.io/redis-emitter";
import type { Redis } from "ioredis";
import {
  LIVE_NAMESPACE,
  SINGLE_UPDATE_READERS_ROOM,
  articleRoom,
  type ServerToClientEvents,
  type Update,
} from "../protocol/index.js";
import { createBatchWindow } from "./batch-window.js";

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
  redis: Redis,
  keyPrefix: string,
  options: UpdatePublisherOptions = {},
): UpdatePublisher {
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
