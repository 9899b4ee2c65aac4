import {
  createElement,
  useEffect,
  useInsertionEffect,
  useRef,
  type CSSProperties,
  type ReactElement,
  type ReactNode,
} from "react";
import { createTicker, type HeraldClient, type TickerHandle, type TickerOptions } from "../ticker/index.js";
import { leaseSharedClient, type ReaderTokenSource } from "./shared-client.js";
import { useStableValue } from "./use-stable-value.js";

/**
 * The props of {@link LiveTicker}: the ticker's own options (`labels`…, see `TickerOptions`),
 * where to read from, and the container's attributes. An object or array prop (e.g. `labels`)
 * may be a new literal on every render; a function in it must keep its identity, or the
 * ticker starts again on each render (define it outside the component).
 *
 * @example
 * ```tsx
 * const labels = { empty: "Noch keine Meldungen.", newUpdates: (n: number) => `${n} neue Meldungen` };
 * <LiveTicker url={HERALD_URL} article="wahl" lang="de" labels={labels} className="live" />
 * ```
 */
export interface LiveTickerProps extends Omit<TickerOptions, "server" | "article" | "client"> {
  /** The article to follow. Changing it follows the new one. */
  article: string;
  /** The Herald server, e.g. `https://live.example.com`. */
  url: string;
  /**
   * A client your app owns and closes (for its own options). @default the client shared by
   * every `useLiveArticle` and `<LiveTicker>` of the page on `url`
   */
  client?: HeraldClient | undefined;
  /**
   * For a private article on the shared client: returns its reader token (ignored with
   * `client`, which has its own). The latest function passed is used. @default undefined
   */
  readerToken?: ReaderTokenSource | undefined;
  /**
   * The ticker's language (a BCP 47 tag), set on the container, where the ticker reads it;
   * else the nearest ancestor's `lang` applies. Changing it starts the ticker again.
   * @default undefined
   */
  lang?: string | undefined;
  /** The container's writing direction. @default undefined */
  dir?: "ltr" | "rtl" | "auto" | undefined;
  /** The container's id. @default undefined */
  id?: string | undefined;
  /** The container's class. @default undefined */
  className?: string | undefined;
  /** The container's style: theme the ticker with its custom properties (`--herald-accent`…). @default undefined */
  style?: CSSProperties | undefined;
  /**
   * Shown until the ticker starts, and to readers without JavaScript (e.g. server-rendered
   * entries); the ticker's shadow root takes their place on screen. @default undefined
   */
  children?: ReactNode | undefined;
}

/**
 * The `<live-ticker>` experience as a React component: renders a `<div>` and starts the SDK's
 * ticker (`createTicker`) in it after mount, in its shadow root. Changing `article`, `url`,
 * `client`, `lang` or the ticker's options starts it again; unmounting stops it. Safe under
 * StrictMode (one ticker in the DOM after its double effects) and on the server (renders the
 * empty container and `children`; nothing connects).
 *
 * @example
 * ```tsx
 * import { LiveTicker } from "@herald/client/react";
 *
 * <LiveTicker
 *   url="https://live.example.com"
 *   article="peace-talks"
 *   lang="de"
 *   style={{ "--herald-accent": "#004b87" } as React.CSSProperties}
 * />
 * ```
 * @throws TypeError when `url` or `article` is empty
 */
export function LiveTicker(props: LiveTickerProps): ReactElement {
  const { article, url, client, readerToken, lang, dir, id, className, style, children, ...rest } = props;
  if (!url) throw new TypeError("LiveTicker: `url` is required");
  if (!article) throw new TypeError("LiveTicker: `article` is required");
  const host = useRef<HTMLDivElement>(null);
  const tickerOptions = useStableValue(rest);
  const latestToken = useRef(readerToken);
  useInsertionEffect(() => {
    latestToken.current = readerToken;
  });
  const wantsToken = readerToken !== undefined;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const lease = client ? null : leaseSharedClient(url);
    const dropToken =
      lease && wantsToken ? lease.provideToken(article, (id) => latestToken.current?.(id)) : null;
    const stop = () => {
      dropToken?.();
      lease?.release();
    };
    let ticker: TickerHandle;
    try {
      ticker = createTicker(element, {
        ...tickerOptions,
        server: url,
        article,
        client: client ?? lease?.client,
      });
    } catch (err) {
      stop();
      throw err;
    }
    return () => {
      ticker.destroy();
      stop();
    };
  }, [article, url, client, lang, tickerOptions, wantsToken]);

  return createElement("div", { ref: host, id, className, style, lang, dir }, children);
}
