import { createTicker, type TickerHandle, type TickerOptions } from "./ticker.js";

/** Starts a ticker, or explains on the console why it could not (one bad element must not stop the rest). */
function tryCreate(element: HTMLElement, options: TickerOptions): TickerHandle | null {
  try {
    return createTicker(element, options);
  } catch (err) {
    console.warn("herald: could not start a ticker on", element, err);
    return null;
  }
}

/**
 * Defines the `<live-ticker server="…" article="…" lang="…">` element. `defaultServer` is
 * used when an element has no `server` attribute (the script tag passes its own origin).
 * Changing `server`, `article` or `lang` later follows the new article. Does nothing when
 * `name` is already defined (the script included twice, or a site's own element).
 *
 * @param defaultServer - the server for elements without `server` @default undefined
 * @param name - the element's tag name @default "live-ticker"
 * @example
 * ```ts
 * import { defineLiveTicker } from "@herald/client/ticker";
 * defineLiveTicker("https://live.example.com");
 * // <live-ticker article="peace-talks"></live-ticker> now works in this page.
 * ```
 */
export function defineLiveTicker(defaultServer?: string, name = "live-ticker"): void {
  if (customElements.get(name)) return;
  customElements.define(
    name,
    class LiveTickerElement extends HTMLElement {
      static observedAttributes = ["server", "article", "lang"];
      #ticker: TickerHandle | null = null;
      #connected = false;

      connectedCallback() {
        this.#connected = true;
        this.#start();
      }
      disconnectedCallback() {
        this.#connected = false;
        this.#ticker?.destroy();
        this.#ticker = null;
      }
      attributeChangedCallback(_name: string, before: string | null, after: string | null) {
        // On upgrade this runs once per attribute before connectedCallback: start only once,
        // there, and afterwards only for a real change.
        if (this.#connected && before !== after) this.#start();
      }
      #start() {
        this.#ticker?.destroy();
        this.#ticker = null;
        const server = this.getAttribute("server") ?? defaultServer;
        const article = this.getAttribute("article");
        if (!server || !article) return;
        // The locale comes from `lang` on this element or an ancestor (see TickerOptions).
        this.#ticker = tryCreate(this, { server, article });
      }
    },
  );
}

const mounted = new Map<HTMLElement, TickerHandle>();

/**
 * Starts a ticker in every `[data-live-ticker]` element under `root` that has none yet:
 * `data-article` names the article, `data-server` the server (default: `defaultServer`).
 * The element keeps its own content (for example the server-rendered entries of
 * `embed.html`) for readers without JavaScript; the ticker replaces it on screen.
 *
 * @param root - where to look @default document
 * @param defaultServer - the server for elements without `data-server` @default undefined
 */
export function mountTickers(root: ParentNode = document, defaultServer?: string): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-live-ticker]")) {
    if (mounted.has(element)) continue;
    const server = element.dataset.server ?? defaultServer;
    const article = element.dataset.article;
    if (!server || !article) continue;
    const ticker = tryCreate(element, { server, article });
    if (ticker) mounted.set(element, ticker);
  }
}

/**
 * Stops the tickers {@link mountTickers} started whose elements have left the document, so
 * a single-page app that removes them does not keep following their articles.
 */
export function unmountDetachedTickers(): void {
  for (const [element, ticker] of mounted) {
    if (element.isConnected) continue;
    ticker.destroy();
    mounted.delete(element);
  }
}
