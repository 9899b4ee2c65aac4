import { Emitter } from "@socket.io/redis-emitter";
import type { Redis } from "ioredis";
import { LIVE_NAMESPACE, articleRoom, type ServerToClientEvents, type Update } from "../protocol/index.js";

/** The Redis key the Socket.IO adapter and emitter share, under Herald's prefix. */
export function adapterKey(keyPrefix: string): string {
  return `${keyPrefix}socket.io`;
}

export interface UpdatePublisher {
  /** Sends an update to the article's room on every server; resolves once Redis took it. */
  publish(update: Update): Promise<void>;
}

/**
 * Publishes through the Socket.IO Redis emitter, but waits for Redis's answer: the emitter
 * itself fires and forgets, and a lost publish must fail the job so its retry publishes again.
 */
export function createUpdatePublisher(redis: Redis, keyPrefix: string): UpdatePublisher {
  let pending: Promise<unknown>[] = [];
  const client = {
    publish(channel: string, message: string | Buffer) {
      const sent = redis.publish(channel, message);
      pending.push(sent);
      return sent;
    },
  };
  const live = new Emitter<ServerToClientEvents>(client, { key: adapterKey(keyPrefix) }).of(LIVE_NAMESPACE);
  return {
    async publish(update) {
      live.to(articleRoom(update.articleId)).emit("update", update);
      const sent = pending;
      pending = [];
      await Promise.all(sent);
    },
  };
}
