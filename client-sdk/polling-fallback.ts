import type { PollingTransport } from "./polling-transport.js";

/**
 * Why a client polls: the server said it is full, no socket could be opened, or it was
 * built with `fallback: "always"`.
 */
export type FallbackCause = "over_capacity" | "unreachable" | "always";

export interface PollingFallbackOptions {
  /** False: never poll (the socket alone retries). */
  enabled: boolean;
  /** How long the socket may go without a connection before the feeds poll. */
  afterMs: number;
  transport: PollingTransport;
  /** The articles to poll at each turn; `poll` asks the server from the article's seq. */
  articles: () => Iterable<{ articleId: string; poll(): void }>;
  /** Polling started (with its cause) or stopped (null). */
  onChange: (cause: FallbackCause | null) => void;
  /** Opens the socket again (after a refusal socket.io-client does not retry by itself). */
  retrySocket: () => void;
}

/** `ms` ±25 %: a thousand readers polling in step would arrive in step. */
const jittered = (ms: number) => ms * (0.75 + Math.random() * 0.5);

/**
 * Decides when a client polls instead of waiting for its socket, and runs the polls.
 *
 * - A client that has never connected polls after its first failed attempt: a network that
 *   blocks WebSocket fails every attempt, and the reader would otherwise see nothing.
 * - Any client polls once the socket has gone `afterMs` without a connection: a proxy that
 *   swallows the handshake fails no attempt, and a server restart is usually back sooner.
 * - A server that is full (`over_capacity`) sends the client to polling at once, and the
 *   socket is tried again only after the server's `retryAfterS`, so a full server is not
 *   hammered with handshakes.
 *
 * The socket keeps retrying in the background; on connect, polling stops and each feed
 * catches up over the socket from its seq, so nothing is applied twice at the switch.
 */
export class PollingFallback {
  #cause: FallbackCause | null = null;
  #everConnected = false;
  #waitTimer: ReturnType<typeof setTimeout> | null = null;
  #pollTimer: ReturnType<typeof setTimeout> | null = null;
  #nextPollAt = 0;
  #socketTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(private readonly options: PollingFallbackOptions) {}

  /** True while the feeds are polled. */
  get active(): boolean {
    return this.#cause !== null;
  }

  get cause(): FallbackCause | null {
    return this.#cause;
  }

  /** The socket is (re)connecting: poll if it has not connected within `afterMs`. */
  connecting(): void {
    if (this.active || this.#waitTimer || this.#closed) return;
    this.#waitTimer = setTimeout(() => {
      this.#waitTimer = null;
      this.start("unreachable");
    }, this.options.afterMs);
  }

  /** A connection attempt failed. */
  failed(): void {
    if (this.#everConnected) this.connecting();
    else this.start("unreachable");
  }

  /** The server refused the socket because it is full: poll, and try again after about `retryAfterS`. */
  refused(retryAfterS: number): void {
    this.start("over_capacity");
    if (this.#socketTimer || this.#closed) return;
    this.#socketTimer = setTimeout(
      () => {
        this.#socketTimer = null;
        if (!this.#closed) this.options.retrySocket();
      },
      jittered(Math.max(1, retryAfterS) * 1000),
    );
  }

  /** The socket connected: polling stops (the feeds catch up over the socket). */
  connected(): void {
    this.#everConnected = true;
    this.#clearTimers();
    if (this.#cause === null) return;
    this.#cause = null;
    this.options.onChange(null);
  }

  /** Polls from now on (a client built with `fallback: "always"` starts here). */
  start(cause: FallbackCause): void {
    if (!this.options.enabled || this.#closed) return;
    if (this.#waitTimer) clearTimeout(this.#waitTimer);
    this.#waitTimer = null;
    const was = this.#cause;
    this.#cause = cause;
    if (was === cause) return;
    this.options.onChange(cause);
    if (was === null) this.#poll();
  }

  #poll(): void {
    this.#pollTimer = null;
    if (this.#cause === null || this.#closed) return;
    for (const article of this.options.articles()) {
      // A slow answer is not asked again on top of itself: it is the next turn's.
      if (!this.options.transport.busy(article.articleId)) article.poll();
    }
    this.#schedule(jittered(this.options.transport.intervalMs));
  }

  #schedule(delayMs: number): void {
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#nextPollAt = Date.now() + delayMs;
    this.#pollTimer = setTimeout(() => this.#poll(), delayMs);
  }

  /** The server advised a new interval: a turn planned on the old one comes no later than the new one. */
  advised(intervalMs: number): void {
    if (!this.#pollTimer) return;
    const delayMs = jittered(intervalMs);
    if (this.#nextPollAt - Date.now() > delayMs) this.#schedule(delayMs);
  }

  #clearTimers(): void {
    for (const timer of [this.#waitTimer, this.#pollTimer, this.#socketTimer]) if (timer) clearTimeout(timer);
    this.#waitTimer = this.#pollTimer = this.#socketTimer = null;
  }

  /** Stops every timer. Safe to call twice. */
  close(): void {
    this.#closed = true;
    this.#clearTimers();
    this.#cause = null;
  }
}
