import type {
  Entry,
  ErrorBody,
  SubscribeAck,
  SubscribeRequest,
  UnsubscribedReason,
  Update,
} from "../protocol/index.js";
import { EntryStore } from "./entry-store.js";
import type {
  ConnectionState,
  EntriesContext,
  SubscriptionContext,
  SubscriptionHandlers,
  Transport,
} from "./types.js";

/** Told to a reader whose article turned private while it read it without a reader token. */
export const ARTICLE_PRIVATE_MESSAGE = "This article is now for subscribers";

/** What a feed needs from its client: a way to ask the server, and timers. */
export interface FeedTransport {
  requestSubscribe(request: SubscribeRequest): Promise<SubscribeAck>;
  requestUnsubscribe(articleId: string): void;
  isConnected(): boolean;
  /** How answers and updates arrive now. @default "websocket" */
  kind?(): Transport;
  /** Loads a page of older entries over HTTP. */
  fetchOlder(
    articleId: string,
    before: string,
  ): Promise<{ entries: Entry[]; nextCursor?: string | undefined }>;
}

export interface FeedOptions {
  /** How long a gap may wait to fill itself (out-of-order arrival) before the log is asked. */
  gapFillDelayMs: number;
  /** Delay before asking again after a failed subscribe. */
  retryDelayMs: () => number;
}

/**
 * One article's stream on one client: applies updates strictly in seq order, buffers
 * out-of-order ones, fills gaps from the log, drops duplicates, and resyncs on reconnect
 * or a new epoch. Several {@link SubscriptionHandlers} may share one feed.
 */
export class ArticleFeed {
  readonly store = new EntryStore();
  seq = 0;
  epoch: string | null = null;
  state: ConnectionState = "connecting";
  /** Cursor for the next page of older entries; null when there are none. */
  olderCursor: string | null = null;
  readonly #listeners = new Set<SubscriptionHandlers>();
  readonly #pending = new Map<number, Update>();
  #syncing = false;
  #resyncAgain = false;
  #gapTimer: ReturnType<typeof setTimeout> | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  /** The transport the last state was announced with: a switch is announced too. */
  #announcedVia: Transport = "websocket";

  constructor(
    readonly articleId: string,
    private readonly transport: FeedTransport,
    private readonly options: FeedOptions,
  ) {}

  get context(): SubscriptionContext {
    return {
      articleId: this.articleId,
      seq: this.seq,
      epoch: this.epoch,
      article: this.store.article,
      transport: this.transport.kind?.() ?? "websocket",
    };
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  add(listener: SubscriptionHandlers): void {
    this.#listeners.add(listener);
    if (this.epoch !== null) {
      listener.onEntries?.(this.store.entries, { ...this.context, reason: "reset" });
    }
    listener.onState?.(this.state, this.context);
  }

  remove(listener: SubscriptionHandlers): void {
    this.#listeners.delete(listener);
  }

  /** Every change of state goes through here: listeners hear it once. */
  setState(state: ConnectionState): void {
    const context = this.context;
    if (this.state === state && this.#announcedVia === context.transport) return;
    this.state = state;
    this.#announcedVia = context.transport;
    for (const l of this.#listeners) l.onState?.(state, context);
  }

  /**
   * The server ended the subscription. A reader who lost access to an article that turned
   * private hears it (an `unauthorized` error with `details.reason`); then the feed
   * subscribes again from its last seq: a fresh reader token may be handed out, and an
   * article made public again takes the reader back.
   */
  ended(reason: UnsubscribedReason): void {
    if (reason === "article_private") {
      this.#emitError({ code: "unauthorized", message: ARTICLE_PRIVATE_MESSAGE, details: { reason } });
    }
    this.setState("reconnecting");
    this.sync();
  }

  /** (Re)subscribes from the last seq held: called on connect, reconnect, gaps and epoch changes. */
  sync(): void {
    if (this.#closed || !this.transport.isConnected()) return;
    if (this.#syncing) {
      this.#resyncAgain = true;
      return;
    }
    this.#syncing = true;
    const request: SubscribeRequest =
      this.epoch === null
        ? { articleId: this.articleId }
        : { articleId: this.articleId, since: this.seq, epoch: this.epoch };
    this.transport.requestSubscribe(request).then(
      (ack) => this.#onAck(ack),
      (err: unknown) => this.#onAck({ ok: false, error: { code: "unavailable", message: String(err) } }),
    );
  }

  #onAck(ack: SubscribeAck): void {
    this.#syncing = false;
    if (this.#closed) return;
    if (!ack.ok) {
      this.#emitError(ack.error);
      if (ack.error.code !== "validation_failed") this.#retryLater();
      return;
    }
    const before = this.seq;
    if ("reset" in ack) {
      this.seq = ack.seq;
      this.epoch = ack.epoch;
      this.olderCursor = ack.nextCursor ?? null;
      this.store.reset(ack.entries, ack.article);
      for (const seq of this.#pending.keys()) if (seq <= this.seq) this.#pending.delete(seq);
      this.#emitEntries("reset");
    } else {
      for (const update of ack.updates) this.#pending.set(update.seq, update);
      this.store.article = ack.article;
    }
    this.#drain();
    // A catch-up may stop short of the head (the server caps each answer's size): ask again
    // from where it stopped. Only while it moves forward, so a bad answer cannot make it spin.
    const pageOn = !("reset" in ack) && this.seq < ack.seq && this.seq > before;
    if (this.#resyncAgain || pageOn) {
      this.#resyncAgain = false;
      this.sync();
      return;
    }
    if (this.transport.isConnected()) this.setState("live");
    this.#checkGap();
  }

  /** A live `update` from the server. */
  receive(update: Update): void {
    if (this.#closed) return;
    // The epoch first: after a lost log, the new epoch's seqs start again below ours.
    if (this.epoch !== null && update.epoch !== this.epoch) {
      // The log was restarted: our seq means nothing there. Start again from the server.
      this.#pending.clear();
      this.sync();
      return;
    }
    if (update.seq <= this.seq) return;
    this.#pending.set(update.seq, update);
    if (this.#syncing) return;
    this.#drain();
    this.#checkGap();
  }

  #drain(): void {
    for (let next = this.#pending.get(this.seq + 1); next; next = this.#pending.get(this.seq + 1)) {
      this.#pending.delete(next.seq);
      this.seq = next.seq;
      this.store.apply(next);
      for (const l of this.#listeners) l.onUpdate?.(next, this.context);
      this.#emitEntries("update");
    }
    for (const seq of this.#pending.keys()) if (seq <= this.seq) this.#pending.delete(seq);
  }

  #checkGap(): void {
    if (this.#pending.size === 0) {
      if (this.#gapTimer) clearTimeout(this.#gapTimer);
      this.#gapTimer = null;
      return;
    }
    this.#gapTimer ??= setTimeout(() => {
      this.#gapTimer = null;
      if (this.#pending.size > 0) this.sync();
    }, this.options.gapFillDelayMs);
  }

  #retryLater(): void {
    if (this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.sync();
    }, this.options.retryDelayMs());
  }

  #emitEntries(reason: EntriesContext["reason"]): void {
    if (this.#listeners.size === 0) return;
    const entries = this.store.entries;
    for (const l of this.#listeners) l.onEntries?.(entries, { ...this.context, reason });
  }

  #emitError(error: ErrorBody): void {
    for (const l of this.#listeners) l.onError?.(error, this.context);
  }

  /** Loads the next page of older entries into the list; false when there are no more. */
  async loadOlder(): Promise<boolean> {
    if (this.olderCursor === null) return false;
    const page = await this.transport.fetchOlder(this.articleId, this.olderCursor);
    this.olderCursor = page.nextCursor ?? null;
    this.store.addOlder(page.entries);
    this.#emitEntries("history");
    return this.olderCursor !== null;
  }

  close(): void {
    this.#closed = true;
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.transport.requestUnsubscribe(this.articleId);
    this.setState("offline");
    this.#listeners.clear();
  }
}
