import { createTicker, type TickerHandle } from "./ticker.js";

/**
 * Defines `<live-ticker server="…" article="…">`. `defaultServer` is used when the element
 * has no `server` attribute (the script tag passes its own origin).
 */
export function defineLiveTicker(defaultServer?: string, name = "live-ticker"): void {
  if (customElements.get(name)) return;
  customElements.define(
    name,
    class LiveTickerElement extends HTMLElement {
      static observedAttributes = ["server", "article", "lang"];
      #ticker: TickerHandle | null = null;

      connectedCallback() {
        this.#start();
      }
      disconnectedCallback() {
        this.#ticker?.destroy();
        this.#ticker = null;
      }
      attributeChangedCallback() {
        if (this.isConnected) this.#start();
      }
      #start() {
        this.#ticker?.destroy();
        this.#ticker = null;
        const server = this.getAttribute("server") ?? defaultServer;
        const article = this.getAttribute("article");
        if (!server || !article) return;
        const lang = this.getAttribute("lang") ?? undefined;
        this.#ticker = createTicker(this, { server, article, ...(lang ? { locale: lang } : {}) });
      }
    },
  );
}

const MOUNTED = new WeakMap<Element, TickerHandle>();

/** Upgrades every `[data-live-ticker]` element under `root` (data-article, data-server). */
export function mountTickers(root: ParentNode = document, defaultServer?: string): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-live-ticker]")) {
    if (MOUNTED.has(element)) continue;
    const server = element.dataset.server ?? defaultServer;
    const article = element.dataset.article;
    if (!server || !article) continue;
    MOUNTED.set(
      element,
      createTicker(element, { server, article, ...(element.lang ? { locale: element.lang } : {}) }),
    );
  }
}
