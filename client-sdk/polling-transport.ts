import type {
  Article,
  ArticleView,
  EntryPage,
  ErrorBody,
  SubscribeAck,
  SubscribeRequest,
  UpdatesPage,
} from "../protocol/index.js";
// Runtime imports come from zod-free modules only (see herald-client.ts).
import { POLL_INTERVAL_HEADER } from "../protocol/connect-refusal.js";

/** Used until a server advises otherwise (`Herald-Poll-Interval`). */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
// A header from a misconfigured proxy must neither hammer the server nor stall the reader.
const MIN_POLL_INTERVAL_MS = 1_000;
const MAX_POLL_INTERVAL_MS = 300_000;
/** Entries in a reset's first page, as a socket reset's `RESET_ENTRIES` default. */
const RESET_ENTRIES = 50;

export interface PollingTransportOptions {
  /** The Herald server, without a trailing slash. */
  baseUrl: string;
  readerToken?: (articleId: string) => string | undefined | Promise<string | undefined>;
  /** The article as its feed holds it: a catch-up answer carries it, as a socket's does. */
  articleOf: (articleId: string) => Article | null;
  /** The server advised another poll interval. */
  onAdvice?: (intervalMs: number) => void;
  /** A request not answered within this long is given up (a proxy may hold it for minutes). */
  timeoutMs: number;
}

/**
 * A subscribe answered over HTTP instead of the socket, with the same cursor: a catch-up is
 * `GET …/updates?since=&epoch=`, and a reset (first load, `410`, unknown epoch) is the
 * article then its newest entries, head first (as the server's socket reset: the entries
 * are then at least as new as the seq, and an update seen again is re-applied by id).
 * The feed applies the answer exactly as a socket's: seq order, paging on, no duplicates.
 */
export class PollingTransport {
  #intervalMs = DEFAULT_POLL_INTERVAL_MS;
  readonly #inFlight = new Set<string>();
  readonly #aborts = new Set<AbortController>();

  constructor(private readonly options: PollingTransportOptions) {}

  /** The poll interval the server advised last (`Herald-Poll-Interval`), in ms. */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** True while a request for this article is on its way: a poll then waits its next turn. */
  busy(articleId: string): boolean {
    return this.#inFlight.has(articleId);
  }

  /**
   * Gives up every request on its way (the socket connected: the feeds ask it instead, and a
   * request a proxy holds must not keep them waiting). Their promises reject.
   */
  abort(): void {
    for (const controller of this.#aborts) controller.abort();
  }

  /** Answers a subscribe from the HTTP API; rejects only when the server cannot be reached. */
  async subscribe(request: SubscribeRequest): Promise<SubscribeAck> {
    const { articleId } = request;
    this.#inFlight.add(articleId);
    try {
      const article = this.options.articleOf(articleId);
      if (request.since === undefined || request.epoch === undefined || article === null) {
        return await this.#reset(articleId);
      }
      const query = `since=${request.since}&epoch=${encodeURIComponent(request.epoch)}`;
      // Revalidated each time (an ETag answers 304 when nothing is new): a browser serving its
      // stale copy while it refreshes (stale-while-revalidate) would show every update a poll late.
      const response = await this.#get(articleId, `/updates?${query}`, "no-cache");
      // Continuity lost (log trimmed, new epoch, since ahead): start again from the entries.
      if (response.status === 410) return await this.#reset(articleId);
      if (!response.ok) return await errorAck(response);
      // Trusted like every message from the server; the server validated what it stored.
      const page = (await response.json()) as UpdatesPage;
      return { ok: true, epoch: page.epoch, seq: page.seq, updates: page.updates, article };
    } finally {
      this.#inFlight.delete(articleId);
    }
  }

  async #reset(articleId: string): Promise<SubscribeAck> {
    const head = await this.#get(articleId, "");
    if (!head.ok) return errorAck(head);
    const view = (await head.json()) as ArticleView;
    // The article alone, as a socket's reset carries it (the ticker loads highlights itself).
    const article: Article = { ...view };
    delete (article as Partial<ArticleView>).pinned;
    delete (article as Partial<ArticleView>).keyEvents;
    delete (article as Partial<ArticleView>).readers;
    const list = await this.#get(articleId, `/entries?limit=${RESET_ENTRIES}`);
    if (!list.ok) return errorAck(list);
    const page = (await list.json()) as EntryPage;
    return {
      ok: true,
      epoch: article.epoch,
      seq: article.seq,
      reset: true,
      entries: page.entries,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      article,
    };
  }

  async #get(articleId: string, rest: string, cache: "default" | "no-cache" = "default"): Promise<Response> {
    const token = await this.options.readerToken?.(articleId);
    const url = `${this.options.baseUrl}/v1/articles/${encodeURIComponent(articleId)}${rest}`;
    // `cache` is a browser's (Node's fetch keeps no HTTP cache, and its types leave it out).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    this.#aborts.add(controller);
    const init: RequestInit & { cache?: "default" | "no-cache" } = {
      cache,
      signal: controller.signal,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    };
    let response: Response;
    try {
      response = await fetch(url, init);
    } finally {
      clearTimeout(timer);
      this.#aborts.delete(controller);
    }
    const advised = Number(response.headers.get(POLL_INTERVAL_HEADER));
    if (advised > 0) {
      const intervalMs = Math.min(MAX_POLL_INTERVAL_MS, Math.max(MIN_POLL_INTERVAL_MS, advised * 1000));
      if (intervalMs !== this.#intervalMs) {
        this.#intervalMs = intervalMs;
        this.options.onAdvice?.(intervalMs);
      }
    }
    return response;
  }
}

/** An error answer as the socket would give it: the body's code, else one from the status. */
async function errorAck(response: Response): Promise<SubscribeAck> {
  let error: ErrorBody | undefined;
  try {
    error = ((await response.json()) as { error?: ErrorBody }).error;
  } catch {
    // not JSON (a proxy's error page): fall through to the status
  }
  return {
    ok: false,
    error: error ?? {
      code: response.status >= 500 ? "unavailable" : "bad_request",
      message: `HTTP ${response.status}`,
    },
  };
}
