import { io, type Socket } from "socket.io-client";
import type {
  ClientToServerEvents,
  EntryPage,
  ServerToClientEvents,
  SubscribeAck,
  SubscribeRequest,
} from "../protocol/index.js";
// Runtime imports come from zod-free modules only: zod would triple the browser bundle.
import { BATCHES_AUTH_FIELD, LIVE_NAMESPACE } from "../protocol/names.js";
import { isConnectRefusal } from "../protocol/connect-refusal.js";
import { ArticleFeed, type FeedTransport } from "./article-feed.js";
import { ReconnectSchedule } from "./reconnect-policy.js";
import { PollingFallback, type FallbackCause } from "./polling-fallback.js";
import { PollingTransport } from "./polling-transport.js";
import type { ConnectionState, SubscriptionHandlers, Transport } from "./types.js";

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
  /**
   * Poll `GET …/updates` with the same cursor when the socket cannot connect (a proxy that
   * blocks WebSocket) or the server is full (`over_capacity`), at the interval the server
   * advises, until a socket connects again. `false`: wait for the socket alone; `"always"`:
   * never open a socket (pages that must not hold one).
   * @default true
   */
  fallback?: boolean | "always";
  /**
   * How long the socket may go without a connection (at start, or after a drop) before the
   * client polls; a client that never connected also polls as soon as an attempt fails.
   * @default 3000
   */
  fallbackAfterMs?: number;
}

const DEFAULTS = {
  transports: ["websocket"] as ("websocket" | "polling")[],
  reconnectDelayMs: 500,
  reconnectDelayMaxMs: 10_000,
  ackTimeoutMs: 10_000,
  gapFillDelayMs: 300,
  fallback: true as boolean | "always",
  fallbackAfterMs: 3_000,
};

/** A handle on one subscription; see {@link HeraldClient.subscribe}. */
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
  #via: Transport = "websocket";
  readonly #polling: PollingTransport;
  readonly #fallback: PollingFallback;

  constructor(options: HeraldClientOptions) {
    this.options = { ...DEFAULTS, ...options };
    if (!/^https?:\/\//.test(this.options.url)) {
      throw new TypeError(
        `HeraldClient: url must start with http:// or https:// (got "${this.options.url}")`,
      );
    }
    const base = this.options.url.replace(/\/+$/, "");
    this.#polling = new PollingTransport({
      baseUrl: base,
      ...(this.options.readerToken ? { readerToken: this.options.readerToken } : {}),
      articleOf: (articleId) => this.#feeds.get(articleId)?.store.article ?? null,
      onAdvice: (intervalMs) => this.#fallback.advised(intervalMs),
      timeoutMs: this.options.ackTimeoutMs,
    });
    this.#fallback = new PollingFallback({
      enabled: this.options.fallback !== false,
      afterMs: this.options.fallbackAfterMs,
      transport: this.#polling,
      articles: () =>
        [...this.#feeds.values()].map((feed) => ({ articleId: feed.articleId, poll: () => feed.sync() })),
      onChange: (cause) => this.#onFallback(cause),
      retrySocket: () => this.#socket.connect(),
    });
    const pollOnly = this.options.fallback === "always";
    this.#socket = io(base + LIVE_NAMESPACE, {
      autoConnect: !pollOnly,
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
      this.#fallback.connected();
      this.#setState("live");
      for (const feed of this.#feeds.values()) feed.sync();
    });
    this.#socket.on("disconnect", (reason) => {
      if (this.#closed) return;
      this.#fallback.connecting();
      this.#setState("reconnecting");
      // Every drop but our own close() is retried, by the client's policy.
      if (reason !== "io client disconnect") this.#reconnectLater();
    });
    this.#socket.on("connect_error", (err: Error & { data?: unknown }) => {
      // The server is full: poll, and try the socket again when it says, not at once.
      if (isConnectRefusal(err.data)) return this.#fallback.refused(err.data.retryAfterS);
      this.#fallback.failed();
      // Unreachable, or refused by the server itself (e.g. it is draining): retry, with the
      // client's backoff, until a server takes us.
      if (!this.#closed) {
        this.#setState("reconnecting");
        this.#reconnectLater();
      }
    });
    if (pollOnly) this.#fallback.start("always");
    else this.#fallback.connecting();
    this.#socket.on("update", (update) => this.#feeds.get(update.articleId)?.receive(update));
    this.#socket.on("updates", (batch) => {
      const feed = this.#feeds.get(batch.articleId);
      for (const update of batch.updates) feed?.receive(update);
    });
    // The server ended a subscription (a reader token ran out, or the article turned private).
    this.#socket.on("unsubscribed", (notice) => this.#feeds.get(notice.articleId)?.ended(notice.reason));
  }

  /** The connection's state; `live` while polling, which keeps the feeds in step too. */
  get state(): ConnectionState {
    return this.#fallback.active && !this.#closed ? "live" : this.#state;
  }

  /** How updates arrive: `websocket` (pushed), or `polling` while the socket cannot connect. */
  get transport(): Transport {
    return this.#via;
  }

  /** Why the client polls (`over_capacity`: the server is full), or null when it does not. */
  get fallbackCause(): FallbackCause | null {
    return this.#fallback.cause;
  }

  #onFallback(cause: FallbackCause | null): void {
    // Each feed announces the change with its next answer: polling starts with a catch-up of
    // every feed from its seq, and a socket's connect with a subscribe from it.
    this.#via = cause === null ? "websocket" : "polling";
    if (cause === null) this.#polling.abort();
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    // While polling the feeds stay in step: the socket's retries are not theirs to show.
    if (this.#fallback.active) return;
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
      if (!this.#socket.connected && this.#fallback.active) {
        const ack = await this.#poll(request);
        // null: the socket connected while the poll was on its way; it answers instead.
        if (ack !== null) return ack;
      }
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
    isConnected: () => this.#socket.connected || this.#fallback.active,
    kind: () => this.#via,
    fetchOlder: async (articleId, before) => {
      const url = `${this.options.url.replace(/\/+$/, "")}/v1/articles/${encodeURIComponent(articleId)}/entries?before=${encodeURIComponent(before)}`;
      const token = await this.options.readerToken?.(articleId);
      const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      if (!response.ok) throw new Error(`GET entries: HTTP ${response.status}`);
      // Trusted like every message from the server; the server validated what it stored.
      return (await response.json()) as EntryPage;
    },
  };

  /** A subscribe answered by polling; a feed whose polls fail shows it is reconnecting. */
  async #poll(request: SubscribeRequest): Promise<SubscribeAck | null> {
    const ack = await this.#polling
      .subscribe(request)
      .catch((err: unknown): SubscribeAck | null =>
        this.#socket.connected ? null : { ok: false, error: { code: "unavailable", message: String(err) } },
      );
    if (ack === null) return null;
    if (!ack.ok && ack.error.code === "unavailable")
      this.#feeds.get(request.articleId)?.setState("reconnecting");
    return ack;
  }

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
      get transport() {
        return current.context.transport;
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
    this.#fallback.close();
    this.#retry.cancel();
    this.#socket.close();
  }
}
