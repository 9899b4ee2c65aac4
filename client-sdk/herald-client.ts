import type { EntryPage, SubscribeAck, SubscribeRequest } from "../protocol/index.js";
// First, so that socket.io-client leads the bundle as it did before the socket had a file of its
// own: herald.js gzips about 260 bytes smaller in that order.
import { openLiveSocket, type LiveSocket } from "./live-socket.js";
// Runtime imports come from zod-free modules only: zod would triple the browser bundle.
import { isConnectRefusal } from "../protocol/connect-refusal.js";
import { ArticleFeed, type FeedTransport } from "./article-feed.js";
import {
  resolveClientOptions,
  type HeraldClientOptions,
  type ResolvedClientOptions,
} from "./client-options.js";
import { ReconnectSchedule } from "./reconnect-policy.js";
import { PollingFallback, type FallbackCause } from "./polling-fallback.js";
import { PollingTransport } from "./polling-transport.js";
import { subscriptionTo, type Subscription } from "./subscription.js";
import type { ConnectionState, SubscriptionHandlers, Transport } from "./types.js";

export type { HeraldClientOptions } from "./client-options.js";
export type { Subscription } from "./subscription.js";

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
  readonly options: ResolvedClientOptions;
  readonly #socket: LiveSocket;
  readonly #feeds = new Map<string, ArticleFeed>();
  #state: ConnectionState = "connecting";
  #closed = false;
  readonly #retry: ReconnectSchedule;
  #via: Transport = "websocket";
  readonly #polling: PollingTransport;
  readonly #fallback: PollingFallback;

  constructor(options: HeraldClientOptions) {
    this.options = resolveClientOptions(options);
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
    this.#socket = openLiveSocket(base, this.options.transports, !pollOnly);
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
    return subscriptionTo(feed, handlers, this.#feeds);
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
