import type { RedisClient } from "../../platform/redis.js";
import {
  articleRoom,
  subscribeRequestSchema,
  type Article,
  type ErrorCode,
  type SocketErrorAck,
  type SubscribeAck,
  type SubscribeCatchUp,
  type SubscribeRequest,
  type SubscribeReset,
} from "../../protocol/index.js";
import { readArticle, readEntryPage, readUpdatesSince } from "../../article-log/read.js";
import type { Config } from "../../platform/config.js";
import type { ReaderTokens } from "../security/reader-tokens.js";
import type { ReaderGrants } from "./reader-grants.js";
import { catchUpKey, type CatchUpReads } from "./catch-up-reads.js";
import { MAX_SUBSCRIPTIONS_PER_SOCKET, type SubscriptionSlots } from "./subscription-slots.js";

export function errorAck(code: ErrorCode, message: string): SocketErrorAck {
  return { ok: false, error: { code, message } };
}

const PRIVATE_MESSAGE = "This article is private: subscribe with a valid reader token";

/** What a subscribe needs of the socket: its rooms and whether it is still there. */
export interface SubscriberSocket {
  readonly connected: boolean;
  readonly rooms: Set<string>;
  join(room: string): Promise<void> | void;
  leave(room: string): Promise<void> | void;
}

/** One socket as its subscribes see it; the gateway makes it once per connection. */
export interface Subscriber {
  socket: SubscriberSocket;
  slots: SubscriptionSlots;
  grants: ReaderGrants;
  /** Takes one subscribe from the per-address rate limit: false when over it. */
  admit: () => Promise<boolean>;
}

export interface SubscribeDeps {
  config: Config;
  redis: RedisClient;
  readerTokens: ReaderTokens;
  /** Shares the log reads of subscribes in flight together; without it each reads alone. */
  catchUps?: CatchUpReads;
}

/**
 * Answers a subscribe. Validates, and takes a slot of the per-socket cap, synchronously:
 * a burst of subscribes sent at once cannot all pass the cap, and nothing touches Redis
 * first. Then: refuses unknown articles (a client never creates state); checks a private
 * article's reader token on every subscribe, reconnects and gap fills included; joins the
 * room, and only then reads the log, so an update published in between is both in the
 * answer and live (the client drops the second copy).
 */
export function answerSubscribe(
  deps: SubscribeDeps,
  subscriber: Subscriber,
  input: unknown,
): Promise<SubscribeAck> {
  const parsed = subscribeRequestSchema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "bad input";
    return Promise.resolve(errorAck("validation_failed", `Invalid subscribe: ${message}`));
  }
  const release = subscriber.slots.reserve(parsed.data.articleId);
  if (!release) {
    return Promise.resolve(
      errorAck("rate_limited", `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} articles per connection`),
    );
  }
  return subscribe(deps, subscriber, parsed.data).finally(release);
}

async function subscribe(
  deps: SubscribeDeps,
  { socket, grants, admit }: Subscriber,
  request: SubscribeRequest,
): Promise<SubscribeAck> {
  const { articleId, token } = request;
  if (!(await admit())) return errorAck("rate_limited", "Too many subscribes from this address");
  const readMeta = () => readArticle(deps.redis, deps.config.KEY_PREFIX, articleId);
  const article = await (deps.catchUps
    ? deps.catchUps.shared(`meta\u0000${articleId}`, readMeta)
    : readMeta());
  if (!article) return errorAck("article_not_found", `No article "${articleId}"`);
  // Checked on public articles too: its holder stays if the article turns private.
  const expiresAt = token === undefined ? null : await deps.readerTokens.verify(token, articleId);
  if (article.private && expiresAt === null) return errorAck("unauthorized", PRIVATE_MESSAGE);
  // The client may have gone while we read (socket.io#4380): never join for a closed socket.
  if (!socket.connected) return errorAck("bad_request", "disconnected");
  // Granted before the join, so that an article turning private meanwhile keeps this reader.
  if (expiresAt !== null) grants.grant(articleId, expiresAt, article.private === true);
  const room = articleRoom(articleId);
  await socket.join(room);
  try {
    // Called after the join: a shared read is one sent after this reader joined (catch-up-reads.ts).
    const read = () => readAnswer(deps, request, article);
    const key = catchUpKey({ ...request, withToken: expiresAt !== null });
    const ack = await (deps.catchUps ? deps.catchUps.run(key, read) : read());
    // Read after the join: an article that turned private since the first read may have
    // dropped its readers before this one joined; without a token it must not stay.
    const isPrivate = ack.article.private === true;
    if (isPrivate && !grants.holds(articleId)) {
      await socket.leave(room);
      return errorAck("unauthorized", PRIVATE_MESSAGE);
    }
    grants.privacyChanged(articleId, isPrivate);
    return ack;
  } catch (err) {
    // The client hears "unavailable": it must not stay in the room (nor its token unwatched).
    grants.forget(articleId);
    await socket.leave(room);
    throw err;
  }
}

/** The answer from the log, read after the join. */
async function readAnswer(
  { redis, config }: SubscribeDeps,
  { articleId, since, epoch }: SubscribeRequest,
  article: Article,
): Promise<SubscribeCatchUp | SubscribeReset> {
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
      return { ok: true, epoch: read.epoch, seq: read.seq, updates: read.updates, article: current };
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
    ok: true,
    epoch: head.epoch,
    seq: head.seq,
    reset: true,
    entries: page.entries,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    article: head,
  };
}
