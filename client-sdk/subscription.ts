import type { ArticleFeed } from "./article-feed.js";
import type { ConnectionState, SubscriptionHandlers, Transport } from "./types.js";

/** A handle on one subscription; see `HeraldClient.subscribe`. */
export interface Subscription {
  readonly articleId: string;
  /** The state of this subscription's feed. */
  readonly state: ConnectionState;
  /** How its updates arrive: pushed over the socket, or polled (see `fallback`). */
  readonly transport: Transport;
  /** The last seq applied. */
  readonly seq: number;
  /** True when older entries can be loaded with {@link Subscription.loadOlder}. */
  readonly hasOlder: boolean;
  /** Loads the next page of older entries (delivered through `onEntries` with reason `history`). */
  loadOlder(): Promise<boolean>;
  /** Stops listening; the article is left when its last subscription goes. */
  unsubscribe(): void;
}

/**
 * The handle on `handlers`' subscription to `feed`, read live from the feed. Unsubscribing
 * removes the handlers; the last one out closes the feed, and takes it out of `feeds`.
 */
export function subscriptionTo(
  feed: ArticleFeed,
  handlers: SubscriptionHandlers,
  feeds: Map<string, ArticleFeed>,
): Subscription {
  const { articleId } = feed;
  return {
    articleId,
    get state() {
      return feed.state;
    },
    get seq() {
      return feed.seq;
    },
    get transport() {
      return feed.context.transport;
    },
    get hasOlder() {
      return feed.olderCursor !== null;
    },
    loadOlder: () => feed.loadOlder(),
    unsubscribe: () => {
      feed.remove(handlers);
      if (feed.listenerCount === 0 && feeds.get(articleId) === feed) {
        feeds.delete(articleId);
        feed.close();
      }
    },
  };
}
