import type { Redis } from "ioredis";
import {
  articleRoom,
  subscribeRequestSchema,
  type ErrorCode,
  type SocketErrorAck,
  type SubscribeAck,
} from "../../protocol/index.js";
import { readArticle, readEntryPage, readUpdatesSince } from "../../article-log/index.js";
import type { Config } from "../../platform/config.js";
import type { ReaderTokens } from "../security/reader-tokens.js";

/** How many articles one socket may follow at once. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 50;

export function errorAck(code: ErrorCode, message: string): SocketErrorAck {
  return { ok: false, error: { code, message } };
}

/** What a subscribe needs of the socket: its rooms and whether it is still there. */
export interface SubscriberSocket {
  readonly connected: boolean;
  readonly rooms: Set<string>;
  join(room: string): Promise<void> | void;
}

export interface SubscribeDeps {
  config: Config;
  redis: Redis;
  readerTokens: ReaderTokens;
}

/**
 * Answers a subscribe. Validates before anything touches Redis; refuses unknown articles
 * (a client never creates state); checks a private article's reader token on every
 * subscribe, reconnects and gap fills included; joins the room, and only then reads the
 * log, so an update published in between is both in the answer and live (the client drops
 * the second copy). `tokenExpiresAt` is set for private articles.
 */
export async function answerSubscribe(
  deps: SubscribeDeps,
  socket: SubscriberSocket,
  input: unknown,
): Promise<{ ack: SubscribeAck; tokenExpiresAt?: number }> {
  const parsed = subscribeRequestSchema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "bad input";
    return { ack: errorAck("validation_failed", `Invalid subscribe: ${message}`) };
  }
  const { articleId, since, epoch, token } = parsed.data;
  const room = articleRoom(articleId);
  if (!socket.rooms.has(room) && socket.rooms.size - 1 >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
    return {
      ack: errorAck("rate_limited", `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} articles per connection`),
    };
  }
  const { redis, config } = deps;
  const article = await readArticle(redis, config.KEY_PREFIX, articleId);
  if (!article) return { ack: errorAck("article_not_found", `No article "${articleId}"`) };
  let tokenExpiresAt: number | undefined;
  if (article.private) {
    const expiresAt = await deps.readerTokens.verify(token, articleId);
    if (expiresAt === null) {
      return {
        ack: errorAck("unauthorized", "This article is private: subscribe with a valid reader token"),
      };
    }
    tokenExpiresAt = expiresAt;
  }
  // The client may have gone while we read (socket.io#4380): never join for a closed socket.
  if (!socket.connected) return { ack: errorAck("bad_request", "disconnected") };
  await socket.join(room);
  const expiry = tokenExpiresAt === undefined ? {} : { tokenExpiresAt };
  if (since !== undefined) {
    const read = await readUpdatesSince(redis, config.KEY_PREFIX, articleId, {
      since,
      ...(epoch === undefined ? {} : { epoch }),
      limit: config.CATCHUP_MAX_RECORDS,
      maxBytes: config.CATCHUP_MAX_BYTES,
    });
    // The answer may stop short of the head (records or bytes cap; never empty while behind):
    // the client subscribes again from its last update, and so pages on.
    if (read.status === "ok" && (read.updates.length > 0 || since === read.seq)) {
      const current = (await readArticle(redis, config.KEY_PREFIX, articleId)) ?? article;
      return {
        ack: { ok: true, epoch: read.epoch, seq: read.seq, updates: read.updates, article: current },
        ...expiry,
      };
    }
  }
  // Head first, entries second: the entries are then at least as new as the seq, and an
  // update the client receives again after this answer is re-applied harmlessly by id.
  const head = (await readArticle(redis, config.KEY_PREFIX, articleId)) ?? article;
  const page = await readEntryPage(redis, config.KEY_PREFIX, articleId, {
    limit: config.RESET_ENTRIES,
    maxBytes: config.CATCHUP_MAX_BYTES,
  });
  return {
    ack: {
      ok: true,
      epoch: head.epoch,
      seq: head.seq,
      reset: true,
      entries: page.entries,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      article: head,
    },
    ...expiry,
  };
}
