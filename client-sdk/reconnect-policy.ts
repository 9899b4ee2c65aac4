// When a client tries its socket again after a drop or a failed attempt. The client SDK and
// the bench's simulated readers both use this module, so the bench measures the SDK's policy
// (for Herald and for the plain Socket.IO ceiling alike).

/** The SDK's defaults for {@link reconnectDelay}. */
export const RECONNECT_DEFAULTS = {
  /** The first attempt after a drop comes within this window; later windows double from it. */
  reconnectDelayMs: 500,
  /** No window is wider than this. */
  reconnectDelayMaxMs: 10_000,
} as const;

/**
 * The wait before reconnect attempt `attempt` (0: the first after a drop), "full jitter":
 * a uniform draw in [0, min(maxMs, baseMs × 2^attempt)]. The first attempt comes within
 * `baseMs` (a server that merely dropped the connection is back at once), and readers dropped
 * together by a crash spread over the whole window instead of arriving in waves at
 * base × 2^n ± 50 %, as socket.io-client's default does (socket.io#2998). The cap keeps the
 * last readers from waiting long after the server is back.
 */
export function reconnectDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const window = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return random() * window;
}

/**
 * The wait a server advised when it refused a handshake (`retryAfterMs`, already spread over
 * its readers), ±20 % so that readers told the same moment do not come back in step.
 */
export function advisedDelay(retryAfterMs: number, random: () => number = Math.random): number {
  return Math.max(0, retryAfterMs) * (0.8 + random() * 0.4);
}

/**
 * One pending reconnect attempt at most: a drop and a failed attempt may both ask for one,
 * and only the first is scheduled. `connect` is called when the wait is over.
 */
export class ReconnectSchedule {
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly options: { baseMs: number; maxMs: number },
    private readonly connect: () => void,
  ) {}

  /** Attempts since the last connection. */
  get attempt(): number {
    return this.#attempt;
  }

  /** True while an attempt is scheduled. */
  get pending(): boolean {
    return this.#timer !== null;
  }

  /**
   * The connection dropped or an attempt failed: try again after the policy's wait, or after
   * the server's advice when it gave one. Advice does not count as a failed attempt: the
   * server is up and said when to come.
   */
  schedule(advisedMs?: number): void {
    if (this.#timer) return;
    const wait =
      advisedMs === undefined
        ? reconnectDelay(this.#attempt++, this.options.baseMs, this.options.maxMs)
        : advisedDelay(advisedMs);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.connect();
    }, wait);
  }

  /** Connected: the next drop starts again with the short first window. */
  connected(): void {
    this.cancel();
    this.#attempt = 0;
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
