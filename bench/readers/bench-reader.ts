import { io, type Socket } from "socket.io-client";
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SubscribeAck,
  SubscribeRequest,
  Update,
} from "../../protocol/index.js";
import { RECONNECT_DEFAULTS, ReconnectSchedule } from "../../client-sdk/reconnect-policy.js";
import { nowMs } from "../clock.js";
import type { PhaseCounters } from "./phase-counters.js";

/** How a seq reached a reader: live fan-out, or in a subscribe answer (catch-up, gap fill). */
const LIVE = 1;
const CATCH_UP = 2;

export interface ReaderOptions {
  /** Keep each seq's arrival time (the storm's "caught up" needs it). */
  keepArrivals: boolean;
}

// The client SDK's defaults (client-sdk/herald-client.ts), so readers behave like real ones;
// its reconnect policy is the SDK's own module, for Herald's readers and the ceiling's alike.
const RECONNECT_DELAY_MS = RECONNECT_DEFAULTS.reconnectDelayMs;
const ACK_TIMEOUT_MS = 10_000;
const GAP_FILL_DELAY_MS = 300;

function grow<T extends Uint8Array | Float64Array>(array: T, index: number, make: (n: number) => T): T {
  if (index < array.length) return array;
  let size = array.length;
  while (size <= index) size *= 2;
  const bigger = make(size);
  bigger.set(array);
  return bigger;
}

/**
 * One simulated reader: a socket.io-client WebSocket speaking Herald's protocol as the client
 * SDK does (subscribe and its answer, `update` events applied strictly in seq order, a gap
 * asked of the log after GAP_FILL_DELAY_MS, resubscribe with since/epoch after every
 * reconnect), minus the SDK's entry list and listeners, which would cost the reader
 * processes CPU that the servers under test need more. It also records how each seq arrived.
 */
export class BenchReader {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  epoch: string | null = null;
  /** Every seq up to here is applied. */
  applied = 0;
  /** `applied` when the current phase started. */
  phaseBase = 0;
  /** The seq of the first answer: what came before this reader arrived is not its to count. */
  base = 0;
  subscribed = false;
  lastConnectAt = NaN;
  lastAckAt = NaN;
  arrivals: Float64Array | null;
  lastError = "";
  readonly firstAnswer: Promise<boolean>;
  #answered: (ok: boolean) => void = () => undefined;
  #flags = new Uint8Array(64);
  #pending: Map<number, { update: Update; wall: number }> | null = null;
  #syncing = false;
  #again = false;
  #gapTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  readonly #retry: ReconnectSchedule;

  constructor(
    url: string,
    readonly articleId: string,
    private readonly counters: PhaseCounters,
    options: ReaderOptions,
  ) {
    this.arrivals = options.keepArrivals ? new Float64Array(64) : null;
    this.firstAnswer = new Promise((resolve) => (this.#answered = resolve));
    // forceNew: socket.io-client would otherwise multiplex every reader of a URL on one connection.
    this.socket = io(`${url}/live`, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      // As the SDK: updates that come together arrive as one `updates` frame (the ceiling ignores it).
      auth: { batches: true },
    });
    this.#retry = new ReconnectSchedule(
      { baseMs: RECONNECT_DELAY_MS, maxMs: RECONNECT_DEFAULTS.reconnectDelayMaxMs },
      () => this.#closed || this.socket.connect(),
    );
    this.socket.on("connect", () => {
      this.#retry.connected();
      this.lastConnectAt = nowMs();
      this.subscribed = false;
      this.#sync();
    });
    this.socket.on("disconnect", (reason) => {
      this.subscribed = false;
      // As the SDK: every drop but our own close() is retried, by the SDK's policy.
      if (reason !== "io client disconnect" && !this.#closed) this.#retry.schedule();
    });
    this.socket.on("connect_error", (err) => {
      this.lastError = err.message;
      if (!this.#closed) this.#retry.schedule();
    });
    this.socket.on("update", (update) => this.#receive(update, LIVE));
    this.socket.on("updates", (batch) => {
      for (const update of batch.updates) this.#receive(update, LIVE);
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** (Re)subscribes from the last seq applied. */
  #sync(): void {
    if (this.#closed || !this.socket.connected) return;
    if (this.#syncing) {
      this.#again = true;
      return;
    }
    this.#syncing = true;
    const request: SubscribeRequest =
      this.epoch === null
        ? { articleId: this.articleId }
        : { articleId: this.articleId, since: this.applied, epoch: this.epoch };
    this.socket.timeout(ACK_TIMEOUT_MS).emit("subscribe", request, (err, ack) => {
      this.#onAnswer(err ? null : ack, err ? err.message : "");
    });
  }

  #onAnswer(ack: SubscribeAck | null, error: string): void {
    this.#syncing = false;
    if (this.#closed) return;
    if (!ack || !ack.ok) {
      this.lastError = ack ? `${ack.error.code}: ${ack.error.message}` : error;
      this.#answered(false);
      setTimeout(() => this.#sync(), RECONNECT_DELAY_MS * (1 + Math.random()) * 4);
      return;
    }
    this.lastAckAt = nowMs();
    this.subscribed = true;
    if ("reset" in ack) {
      const first = this.epoch === null;
      if (!first) this.counters.resets++;
      if (first || ack.epoch !== this.epoch) {
        // A new log (or the first answer): seqs start again, and what came before is not ours to count.
        this.#flags.fill(0);
        this.arrivals?.fill(0);
        this.#pending?.clear();
        this.base = this.phaseBase = this.applied = ack.seq;
      } else {
        // Continuity lost in the same log: the reset's list shows the seqs it covers, not one by one.
        for (let seq = this.applied + 1; seq <= ack.seq; seq++) this.#mark(seq, CATCH_UP);
        this.applied = Math.max(this.applied, ack.seq);
      }
      this.epoch = ack.epoch;
    } else {
      for (const update of ack.updates) this.#receive(update, CATCH_UP);
    }
    this.#answered(true);
    this.#drain();
    if (this.#again) {
      this.#again = false;
      this.#sync();
      return;
    }
    this.#checkGap();
  }

  /** Records how `seq` arrived; returns what had been seen of it before. */
  #mark(seq: number, via: number): number {
    this.#flags = grow(this.#flags, seq, (n) => new Uint8Array(n));
    const seen = this.#flags[seq] ?? 0;
    this.#flags[seq] = seen | via;
    if (this.arrivals && !seen) {
      this.arrivals = grow(this.arrivals, seq, (n) => new Float64Array(n));
      this.arrivals[seq] = nowMs();
    }
    return seen;
  }

  #receive(update: Update, via: number): void {
    if (this.#closed) return;
    if (via === LIVE) this.counters.liveEvents++;
    if (this.epoch !== null && update.epoch !== this.epoch) {
      // The log was restarted: our seq means nothing there. Start again from the server.
      this.#pending?.clear();
      this.#sync();
      return;
    }
    const seen = this.#mark(update.seq, via);
    if (via === LIVE && seen & LIVE) this.counters.duplicates++;
    else if (seen) this.counters.overlaps++;
    if (update.seq <= this.applied) return;
    this.#pending ??= new Map();
    if (this.#pending.has(update.seq)) return;
    this.#pending.set(update.seq, { update, wall: this.counters.hops ? Date.now() : 0 });
    if (this.#syncing) return; // the answer on its way decides what is missing
    this.#drain();
    this.#checkGap();
  }

  #drain(): void {
    const pending = this.#pending;
    if (!pending) return;
    for (let next = pending.get(this.applied + 1); next; next = pending.get(this.applied + 1)) {
      pending.delete(this.applied + 1);
      this.applied++;
      this.counters.applied(next.update, nowMs(), next.wall);
    }
    for (const seq of pending.keys()) if (seq <= this.applied) pending.delete(seq);
  }

  #checkGap(): void {
    if (!this.#pending || this.#pending.size === 0) {
      if (this.#gapTimer) clearTimeout(this.#gapTimer);
      this.#gapTimer = null;
      return;
    }
    this.#gapTimer ??= setTimeout(() => {
      this.#gapTimer = null;
      if (this.#pending && this.#pending.size > 0) {
        this.counters.gapFills++;
        this.#sync();
      }
    }, GAP_FILL_DELAY_MS);
  }

  /** Seqs in (from, to] that never reached this reader. */
  missing(from: number, to: number): number {
    let count = 0;
    for (let seq = from + 1; seq <= to; seq++) if (!this.#flags[seq]) count++;
    return count;
  }

  /** When every seq in (base, to] had arrived; NaN if one has not. */
  completeAt(to: number): number {
    if (!this.arrivals) return NaN;
    let latest = 0;
    for (let seq = this.base + 1; seq <= to; seq++) {
      const at = this.arrivals[seq];
      if (at === undefined || at === 0) return NaN;
      if (at > latest) latest = at;
    }
    return latest;
  }

  close(): void {
    this.#closed = true;
    this.#retry.cancel();
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
    this.socket.close();
  }
}
