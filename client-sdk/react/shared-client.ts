import { HeraldClient } from "../index.js";

/**
 * Hands out a reader token for an article (see `HeraldClientOptions.readerToken`): a private
 * article's readers need one, minted by your backend.
 *
 * @example
 * ```ts
 * const readerToken: ReaderTokenSource = async (articleId) => {
 *   const res = await fetch(`/api/live-token?article=${encodeURIComponent(articleId)}`);
 *   return res.ok ? ((await res.json()) as { token: string }).token : undefined;
 * };
 * ```
 */
export type ReaderTokenSource = (articleId: string) => string | undefined | Promise<string | undefined>;

/** A client lent to one hook or `<LiveTicker>`; give it back with `release()` when it unmounts. */
export interface SharedClientLease {
  readonly client: HeraldClient;
  /**
   * Lets the shared client ask `source` for `articleId`'s reader token until the returned
   * function is called: a page may follow public and private articles on one connection.
   */
  provideToken(articleId: string, source: ReaderTokenSource): () => void;
  /** Gives the client back; the last one out closes it, after a grace. Safe to call twice. */
  release(): void;
}

interface Shared {
  client: HeraldClient;
  users: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
  /** Per article, the token sources of its users, the latest last. */
  tokens: Map<string, ReaderTokenSource[]>;
}

/**
 * React mounts, unmounts and mounts again every effect in development (StrictMode), and a
 * route change unmounts one page and mounts the next in one commit: the grace keeps the
 * connection across both instead of opening a second socket.
 */
const CLOSE_GRACE_MS = 1_000;
const pool = new Map<string, Shared>();

function createShared(url: string): Shared {
  const tokens = new Map<string, ReaderTokenSource[]>();
  const readerToken = (articleId: string) => tokens.get(articleId)?.at(-1)?.(articleId);
  return { client: new HeraldClient({ url, readerToken }), users: 0, closeTimer: null, tokens };
}

/**
 * One connection per server for every `useLiveArticle` and `<LiveTicker>` of a page that
 * gives a `url` (the client multiplexes articles). Created on first use, in an effect, so
 * rendering (on the server too) never opens a socket; closed shortly after its last user goes.
 */
export function leaseSharedClient(url: string): SharedClientLease {
  const key = url.replace(/\/+$/, "");
  let shared = pool.get(key);
  if (!shared) {
    shared = createShared(key);
    pool.set(key, shared);
  }
  const lease = shared;
  lease.users++;
  if (lease.closeTimer) clearTimeout(lease.closeTimer);
  lease.closeTimer = null;
  let released = false;
  return {
    client: lease.client,
    provideToken(articleId, source) {
      const sources = lease.tokens.get(articleId) ?? [];
      sources.push(source);
      lease.tokens.set(articleId, sources);
      return () => {
        const at = sources.indexOf(source);
        if (at >= 0) sources.splice(at, 1);
        if (sources.length === 0 && lease.tokens.get(articleId) === sources) lease.tokens.delete(articleId);
      };
    },
    release() {
      if (released) return;
      released = true;
      if (--lease.users > 0) return;
      lease.closeTimer = setTimeout(() => {
        if (lease.users > 0 || pool.get(key) !== lease) return;
        pool.delete(key);
        lease.client.close();
      }, CLOSE_GRACE_MS);
    },
  };
}
