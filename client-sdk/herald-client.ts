import { io, type Socket } from "socket.io-client";
import type {
  ClientToServerEvents,
  EntryPage,
  ServerToClientEvents,
  SubscribeAck,
} from "../protocol/index.js";
// Runtime imports come from zod-free modules only: zod would triple the browser bundle.
import { BATCHES_AUTH_FIELD, LIVE_NAMESPACE } from "../protocol/names.js";
import { ArticleFeed, type FeedTransport } from "./article-feed.js";
import { ReconnectSchedule } from "./reconnect-policy.js";
import type { ConnectionState, SubscriptionHandlers } from "./types.js";

export interface HeraldClientOptions {
  /** The Herald server, e.g. `https://live.example.com`. */
  url: string;
  /**
   * Socket.IO transports. WebSocket only needs no sticky sessions behind a load balancer
   * (socket.io#4881); add `"polling"` for networks that block WebSockets, with sticky sessions.
   * @default ["websocket"]
   */
  transports?: ("websocket" | "polling")[];
  /**
   * The first reconnect attempt after a drop comes at a random moment within this window;
   * each failed attempt doubles the window, and the wait is drawn anew in it each time ("full
   * jitter", client-sdk/reconnect-policy.ts). A server that refuses a handshake with
   * `retryAfterMs` is asked again after that, instead. @default 500
   */
  reconnectDelayMs?: number;
  /** The widest reconnect window. @default 10000 */
  reconnectDelayMaxMs?: number;
  /** How long to wait for a subscribe answer. @default 10000 */
  ackTimeoutMs?: number;
  /** How long an out-of-order update may wait for the missing ones before the log is asked. @default 300 */
  gapFillDelayMs?: number;
  /**
   * For private articles: returns a reader token for an article (minted by your backend with
   * `POST /v1/articles/:id/reader-tokens`). Called before every subscribe, reconnects and
   * expiries included, so it may hand out a fresh one each time. @default undefined
   */
  readerToken?: (articleId: string) => string | undefined | Promise<string | undefined>;
}

const DEFAULTS = {
  transports: ["websocket"] as ("websocket" | "polling")[],
  reconnectDelayMs: 500,
  reconnectDelayMaxMs: 10_000,
  ackTimeoutMs: 10_000,
  gapFillDelayMs: 300,
};

/** A handle on one subscription; see {@link HeraldClient.subscribe}. */
export interface Subscription {
  readonly articleId: string;
  /** The state of this subscription's feed. */
  readonly state: ConnectionState;
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
 * The headless Herald client: one connection, any number of article subscriptions, each
 * applied exactly once and in seq order, caught up after every reconnect.
 *
 * @example
 * ```ts
 * const client = new HeraldClient({ url: "https://live.example.com" });
 * client.subscribe("peace-talks", {
 *   onEntries: (entries) => render(entries),
 *   onState: (state) => showStatus(state),
 * });
 * ```
 */
export class HeraldClient {
  readonly options: Required<Omit<HeraldClientOptions, "readerToken">> &
    Pick<HeraldClientOptions, "readerToken">;
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly #feeds = new Map<string, ArticleFeed>();
  #state: ConnectionState = "connecting";
  #closed = false;
  readonly #retry: ReconnectSchedule;

  constructor(options: HeraldClientOptions) {
    this.options = { ...DEFAULTS, ...options };
    if (!/^https?:\/\//.test(this.options.url)) {
      throw new TypeError(
        `HeraldClient: url must start with http:// or https:// (got "${this.options.url}")`,
      );
    }
    const base = this.options.url.replace(/\/+$/, "");
    this.#socket = io(base + LIVE_NAMESPACE, {
      transports: this.options.transports,
      // Reconnects follow the client's own policy (reconnect-policy.ts), not socket.io-client's
      // ±50 % doubling, whose waves reach a restarted server seconds after it is back.
      reconnection: false,
      // Updates that come together arrive as one `updates` frame; without this, singly.
      auth: { [BATCHES_AUTH_FIELD]: true },
    });
    this.#retry = new ReconnectSchedule(
      { baseMs: this.options.reconnectDelayMs, maxMs: this.options.reconnectDelayMaxMs },
      () => this.#closed || this.#socket.connect(),
    );
    this.#socket.on("connect", () => {
      this.#retry.connected();
      this.#setState("live");
      for (const feed of this.#feeds.values()) feed.sync();
    });
    this.#socket.on("disconnect", (reason) => {
      if (this.#closed) return;
      this.#setState("reconnecting");
      // Every drop but our own close() is retried, by the client's policy.
      if (reason !== "io client disconnect") this.#reconnectLater();
    });
    this.#socket.on("connect_error", () => {
      // Unreachable, or refused by the server itself (e.g. it is draining): retry, with the
      // client's backoff, until a server takes us.
      if (!this.#closed) {
        this.#setState("reconnecting");
        this.#reconnectLater();
      }
    });
    this.#socket.on("update", (update) => this.#feeds.get(update.articleId)?.receive(update));
    this.#socket.on("updates", (batch) => {
      const feed = this.#feeds.get(batch.articleId);
      for (const update of batch.updates) feed?.receive(update);
    });
    // The server ended a subscription (a reader token ran out, or the article turned private).
    this.#socket.on("unsubscribed", (notice) => this.#feeds.get(notice.articleId)?.ended(notice.reason));
  }

  /** The connection's state. */
  get state(): ConnectionState {
    return this.#state;
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    for (const feed of this.#feeds.values()) {
      // A feed is live only once its catch-up answered; the connection alone is not enough.
      if (state !== "live") feed.setState(state);
    }
  }

  /** One attempt at a time: a drop and a failed attempt may both ask. */
  #reconnectLater(advisedMs?: number): void {
    this.#retry.schedule(advisedMs);
  }

  readonly #transport: FeedTransport = {
    requestSubscribe: async (request) => {
      const token = await this.options.readerToken?.(request.articleId);
      return new Promise<SubscribeAck>((resolve, reject) => {
        this.#socket
          .timeout(this.options.ackTimeoutMs)
          .emit("subscribe", token ? { ...request, token } : request, (err, ack) => {
            if (err) reject(err);
            else resolve(ack);
          });
      });
    },
    requestUnsubscribe: (articleId) => {
      if (this.#socket.connected) this.#socket.emit("unsubscribe", { articleId }, () => undefined);
    },
    isConnected: () => this.#socket.connected,
    fetchOlder: async (articleId, before) => {
      const url = `${this.options.url.replace(/\/+$/, "")}/v1/articles/${encodeURIComponent(articleId)}/entries?before=${encodeURIComponent(before)}`;
      const token = await this.options.readerToken?.(articleId);
      const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      if (!response.ok) throw new Error(`GET entries: HTTP ${response.status}`);
      // Trusted like every message from the server; the server validated what it stored.
      return (await response.json()) as EntryPage;
    },
  };

  /**
   * Follows an article. `onEntries` gets the current entries at once (when known) and after
   * every change; `onUpdate` each change exactly once, in order.
   */
  subscribe(articleId: string, handlers: SubscriptionHandlers = {}): Subscription {
    if (this.#closed) throw new Error("HeraldClient: subscribe after close()");
    let feed = this.#feeds.get(articleId);
    if (!feed) {
      feed = new ArticleFeed(articleId, this.#transport, {
        gapFillDelayMs: this.options.gapFillDelayMs,
        retryDelayMs: () => this.options.reconnectDelayMs * (1 + Math.random()) * 4,
      });
      this.#feeds.set(articleId, feed);
      if (this.#state !== "live") feed.setState(this.#state === "connecting" ? "connecting" : this.#state);
      feed.sync();
    }
    feed.add(handlers);
    const current = feed;
    return {
      articleId,
      get state() {
        return current.state;
      },
      get seq() {
        return current.seq;
      },
      get hasOlder() {
        return current.olderCursor !== null;
      },
      loadOlder: () => current.loadOlder(),
      unsubscribe: () => {
        current.remove(handlers);
        if (current.listenerCount === 0 && this.#feeds.get(articleId) === current) {
          this.#feeds.delete(articleId);
          current.close();
        }
      },
    };
  }

  /** Closes the connection and every subscription. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    for (const feed of this.#feeds.values()) feed.close();
    this.#feeds.clear();
    this.#closed = true;
    this.#state = "offline";
    this.#retry.cancel();
    this.#socket.close();
  }
}
