import type {
  Article,
  ConnectionState,
  Entry,
  ErrorBody,
  HeraldClient,
  Subscription,
  SubscriptionContext,
  Transport,
  Update,
} from "../index.js";
import { leaseSharedClient, type ReaderTokenSource, type SharedClientLease } from "./shared-client.js";

/**
 * What `useLiveArticle` returns: one article as a reader sees it, and its connection. A new
 * object whenever any of it changes; `entries` keeps its identity until the entries change.
 *
 * @example
 * ```tsx
 * const { entries, state, error, hasOlder, loadOlder } = useLiveArticle(id, { url });
 * if (error?.code === "article_not_found") return <p>This live blog is not available.</p>;
 * return (
 *   <>
 *     {state === "reconnecting" && <p role="status">Reconnecting…</p>}
 *     <EntryList entries={entries} />
 *     {hasOlder && <button onClick={() => void loadOlder()}>Load earlier updates</button>}
 *   </>
 * );
 * ```
 */
export interface LiveArticle {
  /**
   * The entries, newest first (the SDK's order), each once: corrections replace an entry
   * where it stands, retractions remove it. Pinned entries carry `pinned` for you to place.
   */
  readonly entries: Entry[];
  /** Where the subscription stands; `connecting` until the first catch-up (and on the server). */
  readonly state: ConnectionState;
  /** The article (title, status…), or null until it is known. */
  readonly article: Article | null;
  /** The last error with a code (e.g. `article_not_found`), or null; cleared when entries load again. */
  readonly error: ErrorBody | null;
  /** How updates arrive: pushed over the socket, or polled while no socket can be opened. */
  readonly transport: Transport;
  /** True when older entries can be loaded with {@link LiveArticle.loadOlder}. */
  readonly hasOlder: boolean;
  /** Loads the next page of older entries into `entries`; resolves false when there are no more. */
  readonly loadOlder: () => Promise<boolean>;
}

/** How a source reaches Herald: a server it shares a client for, or the app's own client. */
export type SourceTarget = { url: string; client?: undefined } | { client: HeraldClient; url?: undefined };

/** What may change from one render to the next without subscribing again. */
export interface SourceCallbacks {
  readerToken?: ReaderTokenSource | undefined;
  onUpdate?: ((update: Update, context: SubscriptionContext) => void) | undefined;
  onError?: ((error: ErrorBody, context: SubscriptionContext) => void) | undefined;
}

/** Entries and article to show before the first catch-up (server rendering, hydration). */
export interface SourceInitial {
  initialEntries?: Entry[] | undefined;
  initialArticle?: Article | null | undefined;
}

/**
 * One article for `useSyncExternalStore`: subscribes when React subscribes (after commit,
 * never while rendering), keeps an immutable snapshot, and lets go when React lets go. Under
 * StrictMode React subscribes, unsubscribes and subscribes again; the lease's grace keeps the
 * connection, and the client's feed is made again before any socket could have carried it.
 */
export class LiveArticleSource {
  /** The latest render's callbacks: called through here so a new closure does not resubscribe. */
  callbacks: SourceCallbacks;
  readonly #initial: LiveArticle;
  #snapshot: LiveArticle;
  readonly #listeners = new Set<() => void>();
  #subscription: Subscription | null = null;
  #lease: SharedClientLease | null = null;
  #dropToken: (() => void) | null = null;

  constructor(
    readonly articleId: string | null,
    private readonly target: SourceTarget,
    callbacks: SourceCallbacks,
    initial: SourceInitial = {},
  ) {
    this.callbacks = callbacks;
    this.#initial = {
      entries: initial.initialEntries ?? [],
      // No article to follow: not trying, as a closed client says.
      state: articleId === null ? "offline" : "connecting",
      article: initial.initialArticle ?? null,
      error: null,
      transport: "websocket",
      hasOlder: false,
      loadOlder: () => this.#subscription?.loadOlder() ?? Promise.resolve(false),
    };
    this.#snapshot = this.#initial;
  }

  readonly getSnapshot = (): LiveArticle => this.#snapshot;

  /** What the server rendered, and so what hydration must render first. */
  readonly getServerSnapshot = (): LiveArticle => this.#initial;

  readonly subscribe = (onChange: () => void): (() => void) => {
    this.#listeners.add(onChange);
    if (this.#listeners.size === 1) this.#open();
    return () => {
      if (!this.#listeners.delete(onChange) || this.#listeners.size > 0) return;
      this.#close();
    };
  };

  #open(): void {
    const { articleId } = this;
    if (articleId === null) return;
    const { target } = this;
    let client: HeraldClient;
    if (target.client) client = target.client;
    else {
      this.#lease = leaseSharedClient(target.url);
      client = this.#lease.client;
      if (this.callbacks.readerToken) {
        this.#dropToken = this.#lease.provideToken(articleId, (id) => this.callbacks.readerToken?.(id));
      }
    }
    this.#subscription = client.subscribe(articleId, {
      onEntries: (entries, ctx) =>
        this.#set({
          entries,
          article: ctx.article ?? this.#snapshot.article,
          transport: ctx.transport,
          // Entries again after a reset: the article is readable again.
          error: ctx.reason === "reset" ? null : this.#snapshot.error,
          hasOlder: this.#subscription?.hasOlder ?? this.#snapshot.hasOlder,
        }),
      onState: (state, ctx) =>
        this.#set({ state, transport: ctx.transport, article: ctx.article ?? this.#snapshot.article }),
      onUpdate: (update, ctx) => this.callbacks.onUpdate?.(update, ctx),
      onError: (error, ctx) => {
        this.#set({ error });
        this.callbacks.onError?.(error, ctx);
      },
    });
    // `subscribe` may have delivered entries before it returned: hasOlder is readable now.
    this.#set({ hasOlder: this.#subscription.hasOlder });
  }

  #close(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
    this.#dropToken?.();
    this.#dropToken = null;
    this.#lease?.release();
    this.#lease = null;
  }

  /** A new snapshot only when something changed, so React renders only then. */
  #set(patch: Partial<LiveArticle>): void {
    const current = this.#snapshot;
    const changed = (Object.keys(patch) as (keyof LiveArticle)[]).some(
      (k) => !Object.is(patch[k], current[k]),
    );
    if (!changed) return;
    this.#snapshot = { ...current, ...patch };
    for (const listener of this.#listeners) listener();
  }
}
