import type { Article, Entry, ErrorBody, Update } from "../protocol/index.js";

// The contract's types a reader's code (and the ticker) works with, from one place.
export type { Article, ArticleView, Entry, ErrorBody, Update } from "../protocol/index.js";

/**
 * Where a subscription stands:
 * - `connecting`: first connection or first catch-up under way;
 * - `live`: connected and in step with the article's log;
 * - `reconnecting`: the connection dropped; retrying with jittered backoff, will catch up;
 * - `offline`: not trying (the client was closed, or the browser is offline).
 */
export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

/**
 * How a subscription's updates arrive: `websocket`, pushed as they happen; `polling`, asked
 * for every few seconds (the interval the server advises) while no socket can be opened or
 * the server is full. Both apply the same updates in the same order, exactly once.
 */
export type Transport = "websocket" | "polling";

/** What every subscription listener gets besides its payload. */
export interface SubscriptionContext {
  articleId: string;
  /** The last seq applied. */
  seq: number;
  /** The epoch of the article's log that `seq` belongs to. */
  epoch: string | null;
  article: Article | null;
  /** How updates arrive now; `onState` is called again when this changes. */
  transport: Transport;
}

export interface EntriesContext extends SubscriptionContext {
  /** `reset`: a fresh list (first load, or continuity was lost); `update`: one change applied; `history`: older entries loaded. */
  reason: "reset" | "update" | "history";
}

export interface SubscriptionHandlers {
  /** The article's entries, newest first, each time they change. */
  onEntries?: (entries: Entry[], context: EntriesContext) => void;
  /** Each change, exactly once, in seq order. Not called for what a reset replaced. */
  onUpdate?: (update: Update, context: SubscriptionContext) => void;
  /** Each change of connection state, and each switch between websocket and polling. */
  onState?: (state: ConnectionState, context: SubscriptionContext) => void;
  /**
   * Errors with a code from the contract's table (e.g. `article_not_found`); never thrown.
   * When the article turns private and this reader has no reader token, the server drops it
   * and this gets `{ code: "unauthorized", message: "This article is now for subscribers",
   * details: { reason: "article_private" } }`; the feed keeps asking, and comes back live
   * once a token is handed out or the article is public again.
   */
  onError?: (error: ErrorBody, context: SubscriptionContext) => void;
}
