import { z } from "zod";
import { articleIdSchema } from "./ids.js";
import type { Article } from "./article.js";
import type { Entry } from "./entry.js";
import type { Update, UpdateBatch } from "./update.js";
import type { ErrorBody } from "./errors.js";

export { BATCHES_AUTH_FIELD, LIVE_NAMESPACE, SINGLE_UPDATE_READERS_ROOM, articleRoom } from "./names.js";

export const subscribeRequestSchema = z.strictObject({
  articleId: articleIdSchema,
  /** The last seq the client holds; omitted on a first subscribe. */
  since: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  /** The epoch `since` belongs to. */
  epoch: z.string().min(1).max(64).optional(),
  /** A reader token, for private articles. */
  token: z.string().min(1).max(2_000).optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;

export const unsubscribeRequestSchema = z.strictObject({ articleId: articleIdSchema });
export type UnsubscribeRequest = z.infer<typeof unsubscribeRequestSchema>;

/**
 * Subscribed, and `updates` is the log after `since`, oldest first. It may end before `seq`
 * (each answer is capped in records and bytes): subscribe again from its last update.
 */
export interface SubscribeCatchUp {
  ok: true;
  epoch: string;
  seq: number;
  updates: Update[];
  article: Article;
}

/** Subscribed, but continuity from `since` was lost (or never existed): start again from `entries`. */
export interface SubscribeReset {
  ok: true;
  epoch: string;
  seq: number;
  reset: true;
  /** The newest entries, newest first; older ones are paged over HTTP. */
  entries: Entry[];
  /** Pass as `before` to `GET /v1/articles/:id/entries` for older entries; absent when none. */
  nextCursor?: string;
  article: Article;
}

export interface SocketErrorAck {
  ok: false;
  error: ErrorBody;
}

export type SubscribeAck = SubscribeCatchUp | SubscribeReset | SocketErrorAck;
export type UnsubscribeAck = { ok: true } | SocketErrorAck;

/** Events a reader sends. Payloads are validated on the server; never trust the types alone. */
export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (response: SubscribeAck) => void) => void;
  unsubscribe: (request: UnsubscribeRequest, ack: (response: UnsubscribeAck) => void) => void;
}

/**
 * Why the server ended a subscription by itself:
 * - `token_expired`: the reader token ran out; subscribe again with a fresh one;
 * - `article_private`: the article turned private and this subscribe had no valid reader
 *   token; subscribe again with one (or wait until it is public again).
 */
export type UnsubscribedReason = "token_expired" | "article_private";

export interface UnsubscribedNotice {
  articleId: string;
  reason: UnsubscribedReason;
}

/** The handshake `auth` a reader may send when it connects to `/live`. */
export interface LiveHandshakeAuth {
  /** `true`: this client takes `updates` batches (BATCHES_AUTH_FIELD); otherwise single updates only. */
  batches?: boolean;
}

/** Events the server sends. */
export interface ServerToClientEvents {
  update: (update: Update) => void;
  /** Several updates of one article in seq order, to clients that announced batches. */
  updates: (batch: UpdateBatch) => void;
  unsubscribed: (notice: UnsubscribedNotice) => void;
}
