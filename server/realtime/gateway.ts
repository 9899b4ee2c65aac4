import type { Namespace, Server, Socket } from "socket.io";
import type { Redis } from "ioredis";
import {
  LIVE_NAMESPACE,
  articleRoom,
  subscribeRequestSchema,
  unsubscribeRequestSchema,
  type ClientToServerEvents,
  type ErrorCode,
  type ServerToClientEvents,
  type SocketErrorAck,
  type SubscribeAck,
  type SubscribeCatchUp,
  type SubscribeReset,
} from "../../protocol/index.js";
import { readArticle, readEntryPage, readUpdatesSince } from "../../article-log/index.js";
import type { Config } from "../../platform/config.js";
import type { Logger } from "../../platform/logger.js";

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** How many articles one socket may follow at once. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 50;

export interface GatewayDeps {
  config: Config;
  logger: Logger;
  redis: Redis;
  /** Told of every successful answer, with the seq the reader now holds. */
  onSubscribed?: (ack: SubscribeCatchUp | SubscribeReset, articleId: string) => void;
  /** Told of every failed subscribe. */
  onSubscribeError?: (code: ErrorCode) => void;
}

function errorAck(code: ErrorCode, message: string): SocketErrorAck {
  return { ok: false, error: { code, message } };
}

/** An ack callback from an untrusted client: it may be missing or not a function. */
function safeAck<T>(ack: unknown): (response: T) => void {
  return typeof ack === "function" ? (ack as (response: T) => void) : () => undefined;
}

/**
 * Answers a subscribe: joins the article's room first, then reads the log, so an update
 * published in between is both in the answer and live (the client drops the second copy).
 */
async function subscribe(deps: GatewayDeps, socket: LiveSocket, input: unknown): Promise<SubscribeAck> {
  const parsed = subscribeRequestSchema.safeParse(input);
  if (!parsed.success) {
    return errorAck(
      "validation_failed",
      `Invalid subscribe: ${parsed.error.issues[0]?.message ?? "bad input"}`,
    );
  }
  const { articleId, since, epoch } = parsed.data;
  const room = articleRoom(articleId);
  if (!socket.rooms.has(room) && socket.rooms.size - 1 >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
    return errorAck("rate_limited", `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} articles per connection`);
  }
  const { redis, config } = deps;
  const article = await readArticle(redis, config.KEY_PREFIX, articleId);
  if (!article) return errorAck("article_not_found", `No article "${articleId}"`);
  // The client may have gone while we read (socket.io#4380): never join for a closed socket.
  if (!socket.connected) return errorAck("bad_request", "disconnected");
  await socket.join(room);
  if (since !== undefined) {
    const read = await readUpdatesSince(redis, config.KEY_PREFIX, articleId, {
      since,
      ...(epoch === undefined ? {} : { epoch }),
      limit: config.LOG_RETENTION,
    });
    if (read.status === "ok" && (read.updates.at(-1)?.seq ?? since) === read.seq) {
      const current = (await readArticle(redis, config.KEY_PREFIX, articleId)) ?? article;
      return { ok: true, epoch: read.epoch, seq: read.seq, updates: read.updates, article: current };
    }
  }
  // Head first, entries second: the entries are then at least as new as the seq, and an
  // update the client receives again after this answer is re-applied harmlessly by id.
  const head = (await readArticle(redis, config.KEY_PREFIX, articleId)) ?? article;
  const page = await readEntryPage(redis, config.KEY_PREFIX, articleId, { limit: config.RESET_ENTRIES });
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

/** The `/live` namespace: readers subscribe to articles and receive `update` events. */
export function attachGateway(io: LiveServer, deps: GatewayDeps): LiveNamespace {
  const live = io.of(LIVE_NAMESPACE);
  live.on("connection", (socket) => {
    const log = deps.logger.child({ socket: socket.id });
    socket.on("subscribe", (input, ack) => {
      const reply = safeAck<SubscribeAck>(ack);
      subscribe(deps, socket, input).then(
        (answer) => {
          if (answer.ok) deps.onSubscribed?.(answer, answer.article.id);
          else deps.onSubscribeError?.(answer.error.code);
          reply(answer);
        },
        (err: unknown) => {
          log.warn({ err }, "subscribe failed");
          deps.onSubscribeError?.("unavailable");
          reply(errorAck("unavailable", "Could not read the article; retry shortly"));
        },
      );
    });
    socket.on("unsubscribe", (input, ack) => {
      const reply = safeAck<{ ok: true } | SocketErrorAck>(ack);
      const parsed = unsubscribeRequestSchema.safeParse(input);
      if (!parsed.success) {
        reply(errorAck("validation_failed", "Invalid unsubscribe: articleId is required"));
        return;
      }
      void Promise.resolve(socket.leave(articleRoom(parsed.data.articleId))).then(() => reply({ ok: true }));
    });
  });
  return live;
}
