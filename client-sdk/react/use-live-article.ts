import { useInsertionEffect, useMemo, useSyncExternalStore } from "react";
import type { HeraldClient } from "../index.js";
import {
  LiveArticleSource,
  type LiveArticle,
  type SourceCallbacks,
  type SourceInitial,
} from "./live-article-source.js";
import type { ReaderTokenSource } from "./shared-client.js";

/**
 * Where {@link useLiveArticle} reads from: a server, or a client your app owns.
 *
 * @example
 * ```tsx
 * // The usual: a server; every hook and <LiveTicker> on it share one connection.
 * useLiveArticle(id, { url: "https://live.example.com", readerToken });
 * // Your own client, for its options; you close it.
 * const client = new HeraldClient({ url: "https://live.example.com", fallback: false });
 * useLiveArticle(id, { client });
 * ```
 */
export type LiveArticleTarget =
  | {
      /**
       * The Herald server, e.g. `https://live.example.com`. Every hook and `<LiveTicker>` of
       * the page on this server share one client (one connection), opened when the first of
       * them mounts and closed a second after the last one unmounts.
       */
      url: string;
      client?: undefined;
      /**
       * For a private article: returns its reader token (minted by your backend with
       * `POST /v1/articles/:id/reader-tokens`). Asked before every subscribe, reconnects
       * included; the latest function you pass is used. @default undefined
       */
      readerToken?: ReaderTokenSource | undefined;
    }
  | {
      /**
       * A client your app made (for its own options: `readerToken`, `fallback`, reconnect
       * windows…) and closes itself; the hook only subscribes on it. Make it once, outside
       * rendering, and keep it for as long as the app uses it.
       */
      client: HeraldClient;
      url?: undefined;
      readerToken?: undefined;
    };

/**
 * The options of {@link useLiveArticle}: a target, the SDK's listeners (`onUpdate`: each
 * change exactly once, in order; `onError`: errors with a code), and server-rendered data
 * (`initialEntries`, `initialArticle`: shown until the first catch-up, on the server too).
 *
 * @example
 * ```tsx
 * // A page rendered on the server with the entries it fetched from GET /v1/articles/:id/entries.
 * const live = useLiveArticle(id, {
 *   url: "https://live.example.com",
 *   initialEntries: page.entries,
 *   onUpdate: (update) => update.type === "entry.created" && notify(update.entry),
 * });
 * ```
 */
export type UseLiveArticleOptions = LiveArticleTarget & Omit<SourceCallbacks, "readerToken"> & SourceInitial;

/**
 * Follows a live article: its entries, newest first, each shown once with corrections
 * applied in place and retractions removed, and the connection's state.
 *
 * Subscribes after the component mounts (never while rendering, so server rendering opens
 * no socket: it renders `state: "connecting"` and `initialEntries`), resubscribes when
 * `articleId` or the target changes, and unsubscribes on unmount. Safe under StrictMode: its
 * mount, unmount and mount again leave one subscription on one connection. `onUpdate` (each
 * change exactly once, in order) and `onError` may be new functions on every render. Pass
 * `null` as `articleId` to follow nothing yet (`state: "offline"`).
 *
 * @example
 * ```tsx
 * import { useLiveArticle } from "@herald/client/react";
 *
 * function LiveBlog({ id }: { id: string }) {
 *   const { entries, state, article } = useLiveArticle(id, { url: "https://live.example.com" });
 *   return (
 *     <section aria-busy={state === "connecting"}>
 *       <h2>{article?.title}</h2>
 *       <p>{state === "live" ? "Live" : "Connecting…"}</p>
 *       {entries.map((e) => (
 *         // `html` is sanitised by the server: the only form of an entry a page may render.
 *         <article key={e.id} dangerouslySetInnerHTML={{ __html: e.html }} />
 *       ))}
 *     </section>
 *   );
 * }
 * ```
 * @throws TypeError when neither `url` nor `client` is given
 */
export function useLiveArticle(articleId: string | null, options: UseLiveArticleOptions): LiveArticle {
  const { url, client } = options;
  if (!client && !url) throw new TypeError("useLiveArticle: pass `url` or `client`");
  // Initial data counts only for the first render of an article, as with useState.
  const source = useMemo(
    () =>
      new LiveArticleSource(articleId, client ? { client } : { url: url ?? "" }, options, {
        initialEntries: options.initialEntries,
        initialArticle: options.initialArticle,
      }),
    // The rest of `options` is read at creation only (initial data), or through callbacks.
    [articleId, url, client],
  );
  // The listeners of this render, for the callbacks to come; insertion effects run before the
  // store subscribes, and never on the server.
  const { readerToken, onUpdate, onError } = options;
  useInsertionEffect(() => {
    source.callbacks = { readerToken, onUpdate, onError };
  });
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getServerSnapshot);
}
