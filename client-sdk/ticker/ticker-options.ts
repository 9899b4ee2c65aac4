import type { HeraldClient } from "../herald-client.js";
import type { TickerLabelOverrides } from "./labels.js";

/** What `createTicker` shows, and where from. */
export interface TickerOptions {
  /** The Herald server, e.g. `https://live.example.com`. */
  server: string;
  /** The article to follow. */
  article: string;
  /**
   * The reader's language (a BCP 47 tag such as `de` or `ar-EG`): of the labels, from its
   * catalogue (`de-AT` uses `de`'s; a language without one, English), and of relative times
   * and dates, through Intl for the full tag. A right-to-left language lays the ticker out
   * right to left, unless the element has a `dir` attribute of its own.
   * @default the `lang` of the element or its nearest ancestor (`<html lang>`), else `"en"`
   */
  lang?: string | undefined;
  /** @deprecated The former name of {@link TickerOptions.lang}, still read when `lang` is not given. */
  locale?: string | undefined;
  /**
   * Texts to use instead of the catalogue's, any of them; see `registerTickerLanguage` for a
   * whole language.
   * @default the catalogue of the ticker's language
   */
  labels?: TickerLabelOverrides | undefined;
  /**
   * Shows "N reading now" in the header: readers of the article across the servers, read
   * every 15 s from the public article read (not shown for a private article).
   * @default false
   */
  showReaders?: boolean | undefined;
  /**
   * The client to use. Tickers given none share one per server, so any number of them on a
   * page use one connection.
   * @default a client shared by every ticker of this page on `server`
   */
  client?: HeraldClient | undefined;
  /**
   * Remember, in this browser only (localStorage), how far the reader got, and on return say
   * "N updates since your last visit" with a line where they left off. `false` turns it off.
   * @default true
   */
  lastVisit?: boolean | undefined;
}

/** A running ticker. */
export interface TickerHandle {
  /** The article it follows. */
  readonly article: string;
  /** Stops following the article and empties the ticker. Safe to call twice. */
  destroy(): void;
}

/**
 * Checks a ticker's options, and returns the URL of its article's public read
 * (`<server>/v1/articles/<article>`), which the highlights and the reader count use.
 * @throws TypeError when `server` or `article` is missing
 */
export function checkedArticleUrl(options: TickerOptions): string {
  if (!options.server) throw new TypeError("createTicker: `server` is required");
  if (!options.article) throw new TypeError("createTicker: `article` is required");
  return `${options.server.replace(/\/+$/, "")}/v1/articles/${encodeURIComponent(options.article)}`;
}
