import type { Socket } from "socket.io";
import {
  LIVE_NAMESPACE,
  articleRoom,
  unsubscribeRequestSchema,
  type ClientToServerEvents,
  type ErrorCode,
  type ServerToClientEvents,
  type SocketErrorAck,
  type SubscribeAck,
  type SubscribeCatchUp,
  type SubscribeReset,
} from "../../protocol/index.js";
import type { Logger } from "../../platform/logger.js";
import type { RateLimits } from "../security/rate-limits.js";
import { answerSubscribe, errorAck, type SubscribeDeps, type Subscriber } from "./answer-subscribe.js";
import { createEventBudget } from "./event-budget.js";
import { createReaderGrants, type ReaderGrants } from "./reader-grants.js";
import { createSubscriptionSlots } from "./subscription-slots.js";
import { evictOnPrivate } from "./private-eviction.js";
import { sendBatchesSingly } from "./single-update-readers.js";
import type { LiveNamespace, LiveServer } from "./live-namespace.js";

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface GatewayDeps extends SubscribeDeps {
  logger: Logger;
  limits: RateLimits;
  /** The client IP of a socket (honouring TRUST_PROXY). */
  ipOf: (socket: LiveSocket) => string;
  /** Told of every successful answer, with the seq the reader now holds. */
  onSubscribed?: (ack: SubscribeCatchUp | SubscribeReset, articleId: string) => void;
  /** Told of every failed subscribe. */
  onSubscribeError?: (code: ErrorCode) => void;
}

/** An ack callback from an untrusted client: it may be missing or not a function. */
function safeAck<T>(ack: unknown): (response: T) => void {
  return typeof ack === "function" ? (ack as (response: T) => void) : () => undefined;
}

/**
 * The `/live` namespace: readers subscribe to articles and receive `update` events. A
 * subscription ends by itself when its reader token runs out, or when the article turns
 * private and the subscribe had no token (`unsubscribed` tells the client why).
 */
export function attachGateway(io: LiveServer, deps: GatewayDeps): LiveNamespace {
  const live = io.of(LIVE_NAMESPACE);
  const grantsBySocket = new Map<string, ReaderGrants>();
  evictOnPrivate(live, (socketId) => grantsBySocket.get(socketId), deps.logger);
  // After the eviction: readers it drops are gone before a batch's single updates go out.
  sendBatchesSingly(live);
  live.on("connection", (socket) => {
    const log = deps.logger.child({ socket: socket.id });
    const budget = createEventBudget(deps.config.SOCKET_EVENTS_PER_SECOND);
    const grants = createReaderGrants((articleId) => {
      void Promise.resolve(socket.leave(articleRoom(articleId))).then(() =>
        socket.emit("unsubscribed", { articleId, reason: "token_expired" }),
      );
    });
    grantsBySocket.set(socket.id, grants);
    socket.on("disconnect", () => {
      grants.clear();
      grantsBySocket.delete(socket.id);
    });
    const subscriber: Subscriber = {
      socket,
      slots: createSubscriptionSlots(socket),
      grants,
      admit: async () => (await deps.limits.subscribes.take(deps.ipOf(socket))).ok,
    };

    /** Spends one event; refuses past the budget, and disconnects a socket that floods. */
    const allowEvent = (): boolean => {
      const verdict = budget.spend();
      if (verdict === "flood") {
        log.warn("event flood: disconnecting");
        socket.disconnect(true);
      }
      return verdict === "ok";
    };

    socket.on("subscribe", (input, ack) => {
      const reply = safeAck<SubscribeAck>(ack);
      if (!allowEvent()) return reply(errorAck("rate_limited", "Too many events on this connection"));
      answerSubscribe(deps, subscriber, input).then(
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
      if (!allowEvent()) return reply(errorAck("rate_limited", "Too many events on this connection"));
      const parsed = unsubscribeRequestSchema.safeParse(input);
      if (!parsed.success)
        return reply(errorAck("validation_failed", "Invalid unsubscribe: articleId is required"));
      grants.forget(parsed.data.articleId);
      void Promise.resolve(socket.leave(articleRoom(parsed.data.articleId))).then(() => reply({ ok: true }));
    });

    // Unknown events cost budget too, so they cannot flood either.
    socket.onAny((event: string) => {
      if (event !== "subscribe" && event !== "unsubscribe") allowEvent();
    });
  });
  return live;
}
