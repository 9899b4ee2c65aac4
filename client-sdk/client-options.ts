/** How a `HeraldClient` connects; only `url` is required. */
export interface HeraldClientOptions {
  /** The Herald server, e.g. `https://live.example.com`. */
  url: string;
  /**
   * Socket.IO transports. WebSocket only needs no sticky sessions behind a load balancer
   * (socket.io#4881); add `"polling"` for networks that block WebSockets, with sticky sessions.
   * @default ["websocket"]
   */
  transports?: ("websocket" | "polling")[] | undefined;
  /**
   * The first reconnect attempt after a drop comes at a random moment within this window;
   * each failed attempt doubles the window, and the wait is drawn anew in it each time ("full
   * jitter", client-sdk/reconnect-policy.ts). A server that refuses a handshake with
   * `retryAfterMs` is asked again after that, instead. @default 500
   */
  reconnectDelayMs?: number | undefined;
  /** The widest reconnect window. @default 10000 */
  reconnectDelayMaxMs?: number | undefined;
  /** How long to wait for a subscribe answer. @default 10000 */
  ackTimeoutMs?: number | undefined;
  /** How long an out-of-order update may wait for the missing ones before the log is asked. @default 300 */
  gapFillDelayMs?: number | undefined;
  /**
   * For private articles: returns a reader token for an article (minted by your backend with
   * `POST /v1/articles/:id/reader-tokens`). Called before every subscribe, reconnects and
   * expiries included, so it may hand out a fresh one each time. @default undefined
   */
  readerToken?: ((articleId: string) => string | undefined | Promise<string | undefined>) | undefined;
  /**
   * Poll `GET …/updates` with the same cursor when the socket cannot connect (a proxy that
   * blocks WebSocket) or the server is full (`over_capacity`), at the interval the server
   * advises, until a socket connects again. `false`: wait for the socket alone; `"always"`:
   * never open a socket (pages that must not hold one).
   * @default true
   */
  fallback?: boolean | "always" | undefined;
  /**
   * How long the socket may go without a connection (at start, or after a drop) before the
   * client polls; a client that never connected also polls as soon as an attempt fails.
   * @default 3000
   */
  fallbackAfterMs?: number | undefined;
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

/** The options a client runs with: the caller's over the defaults. */
export type ResolvedClientOptions = typeof DEFAULTS & Pick<HeraldClientOptions, "url" | "readerToken">;

/**
 * The caller's options over the defaults, checked.
 * @throws TypeError when `url` is not an http(s) URL
 */
export function resolveClientOptions(options: HeraldClientOptions): ResolvedClientOptions {
  // An option given as `undefined` keeps its default.
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const resolved = {
    ...DEFAULTS,
    ...(Object.fromEntries(given) as HeraldClientOptions),
  } as ResolvedClientOptions;
  if (!/^https?:\/\//.test(resolved.url)) {
    throw new TypeError(`HeraldClient: url must start with http:// or https:// (got "${resolved.url}")`);
  }
  return resolved;
}
