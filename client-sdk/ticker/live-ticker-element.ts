import type { TickerLabelOverrides } from "./labels.js";
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

/** A `<live-ticker>` element, as `defineLiveTicker` defines it. */
export interface LiveTickerElement extends HTMLElement {
  /** Texts to use instead of the catalogue's, over those of the `labels` attribute; setting it restarts the ticker. */
  labels: TickerLabelOverrides | undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    "live-ticker": LiveTickerElement;
  }
}

/**
 * The label overrides written in an element's `labels` (or `data-labels`) attribute, as a JSON
 * object; a malformed one is reported on the console and left out, the ticker still starts.
 */
function labelsAttribute(element: HTMLElement, name: string): TickerLabelOverrides | undefined {
  const json = element.getAttribute(name);
  if (!json) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch {
    // Reported below.
  }
  console.warn(
    `herald: the ${name} attribute of`,
    element,
    "is not a JSON object; the catalogue's texts are shown",
  );
  return undefined;
}

/** `over` on top of `under`, the connection states merged one by one. */
function mergeLabels(
  under: TickerLabelOverrides | undefined,
  over: TickerLabelOverrides | undefined,
): TickerLabelOverrides | undefined {
  if (!under || !over) return under ?? over;
  return { ...under, ...over, states: { ...under.states, ...over.states } };
}

/**
 * Defines the `<live-ticker server="…" article="…" lang="…">` element. `defaultServer` is
 * used when an element has no `server` attribute (the script tag passes its own origin).
 * Changing `server`, `article` or `lang` later follows the new article. Does nothing when
 * `name` is already defined (the script included twice, or a site's own element).
 *
 * The element speaks the language of its `lang`, else its nearest ancestor's (`<html lang>`),
 * else English, and lays itself out right to left for a right-to-left language unless it has
 * a `dir` of its own. Texts are overridden with the `labels` attribute (a JSON object, e.g.
 * `labels='{"keyEvents":"Highlights"}'`) or the `labels` property (functions allowed), the
 * property winning. `last-visit="off"` turns "since your last visit" off (see `TickerOptions.lastVisit`).
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
    class LiveTicker extends HTMLElement implements LiveTickerElement {
      static observedAttributes = [
        "server",
        "article",
        "lang",
        "dir",
        "labels",
        "last-visit",
        "show-readers",
      ];
      #ticker: TickerHandle | null = null;
      #connected = false;
      #labels: TickerLabelOverrides | undefined;

      constructor() {
        super();
        // Set on the element before this class was defined (a framework rendering first, the
        // script arriving later): that own property would hide the accessor below.
        if (Object.prototype.hasOwnProperty.call(this, "labels")) {
          const early = (this as { labels?: TickerLabelOverrides }).labels;
          delete (this as { labels?: TickerLabelOverrides }).labels;
          this.#labels = early;
        }
      }

      /** Texts to use instead of the catalogue's, over those of the `labels` attribute. */
      get labels(): TickerLabelOverrides | undefined {
        return this.#labels;
      }
      set labels(labels: TickerLabelOverrides | undefined) {
        this.#labels = labels;
        if (this.#connected) this.#start();
      }

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
        // The language comes from `lang` on this element or an ancestor (see TickerOptions).
        const labels = mergeLabels(labelsAttribute(this, "labels"), this.#labels);
        this.#ticker = tryCreate(this, {
          server,
          article,
          labels,
          lastVisit: this.getAttribute("last-visit") !== "off",
          showReaders: this.hasAttribute("show-readers"),
        });
      }
    },
  );
}

const mounted = new Map<HTMLElement, TickerHandle>();

/**
 * Starts a ticker in every `[data-live-ticker]` element under `root` that has none yet:
 * `data-article` names the article, `data-server` the server (default: `defaultServer`),
 * `data-labels` overrides texts (JSON, as the element's `labels` attribute), `data-last-visit="off"`
 * turns "since your last visit" off.
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
    const ticker = tryCreate(element, {
      server,
      article,
      labels: labelsAttribute(element, "data-labels"),
      lastVisit: element.dataset.lastVisit !== "off",
      showReaders: element.hasAttribute("data-show-readers"),
    });
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
