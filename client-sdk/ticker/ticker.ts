import type { Article, Entry, Update } from "../../protocol/index.js";
import type { HeraldClient, Subscription } from "../herald-client.js";
import type { ConnectionState } from "../types.js";
import { DEFAULT_LABELS, type TickerLabels } from "./labels.js";
import { refreshTimes, renderEntry } from "./render-entry.js";
import { sharedClient } from "./shared-clients.js";
import { buildView, type TickerView } from "./ticker-view.js";

export interface TickerOptions {
  /** The Herald server, e.g. `https://live.example.com`. */
  server: string;
  /** The article to follow. */
  article: string;
  /** Language of times and numbers. @default the page's `lang`, else the browser's */
  locale?: string;
  /** Texts to replace (for another language). @default English */
  labels?: Partial<TickerLabels>;
  /** The client to use. @default one shared per server by every ticker on the page */
  client?: HeraldClient;
}

export interface TickerHandle {
  /** Stops following the article and clears the ticker. */
  destroy(): void;
}

/** Pinned entries on top, then newest first. */
function displayOrder(entries: Entry[]): Entry[] {
  return [...entries.filter((e) => e.pinned), ...entries.filter((e) => !e.pinned)];
}

/**
 * A live ticker in `host`'s shadow root, built on the headless client's public API only.
 * New entries that arrive while the reader has scrolled into the ticker wait behind an
 * "N new updates" button, so the page never moves under the reader.
 */
class Ticker implements TickerHandle {
  readonly #view: TickerView;
  readonly #labels: TickerLabels;
  readonly #locale: string;
  readonly #subscription: Subscription;
  readonly #nodes = new Map<string, { seq: number; node: HTMLElement }>();
  /** New entries held back while the reader is scrolled into the ticker. */
  readonly #held = new Set<string>();
  #entries: Entry[] = [];
  #timer: ReturnType<typeof setInterval>;
  #firstRender = true;

  constructor(
    private readonly host: HTMLElement,
    options: TickerOptions,
  ) {
    this.#labels = { ...DEFAULT_LABELS, ...options.labels };
    this.#locale = options.locale ?? (document.documentElement.lang || navigator.language || "en");
    const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
    root.replaceChildren();
    this.#view = buildView(root, this.#labels);
    this.#setState("connecting");
    this.#view.newButton.addEventListener("click", () => this.#releaseHeld());
    this.#view.more.addEventListener("click", () => void this.#loadEarlier());
    const client = options.client ?? sharedClient(options.server);
    this.#subscription = client.subscribe(options.article, {
      onEntries: (entries, ctx) => this.#onEntries(entries, ctx.reason, ctx.article),
      onUpdate: (update) => this.#onUpdate(update),
      onState: (state) => this.#setState(state),
      onError: (error) => {
        if (error.code === "article_not_found" || error.code === "unauthorized") {
          this.#view.empty.textContent = this.#labels.unavailable;
          this.#view.empty.hidden = false;
          this.#view.feed.setAttribute("aria-busy", "false");
        }
      },
    });
    this.#timer = setInterval(() => refreshTimes(this.#view.feed, this.#locale), 60_000);
  }

  #setState(state: ConnectionState) {
    this.#view.status.textContent = this.#labels.states[state];
    this.#view.status.dataset.state = state;
  }

  #scrolledInto(): boolean {
    return this.host.getBoundingClientRect().top < 0 || this.host.scrollTop > 0;
  }

  #onUpdate(update: Update) {
    if (update.type !== "entry.created" || update.entry.deleted) return;
    if (!this.#firstRender && this.#scrolledInto()) this.#held.add(update.entry.id);
    const text = update.entry.title ?? update.entry.body.slice(0, 120);
    this.#view.live.textContent = this.#labels.announce(text);
  }

  #onEntries(entries: Entry[], reason: "reset" | "update" | "history", article: Article | null) {
    if (reason === "reset") this.#held.clear();
    this.#entries = entries;
    if (article) {
      this.#view.title.textContent = article.title;
      this.#view.ended.hidden = article.status !== "ended";
    }
    this.#render(reason === "update");
    this.#firstRender = false;
  }

  #render(markFresh: boolean) {
    const present = new Set(this.#entries.map((e) => e.id));
    for (const id of this.#held) if (!present.has(id)) this.#held.delete(id);
    const shown = displayOrder(this.#entries.filter((e) => !this.#held.has(e.id)));
    const { feed } = this.#view;
    // Keyed reconciliation: unchanged entries keep their node, so nothing flickers or jumps.
    for (const [id, { node }] of this.#nodes) {
      if (!shown.some((e) => e.id === id)) {
        node.remove();
        this.#nodes.delete(id);
      }
    }
    shown.forEach((entry, index) => {
      let known = this.#nodes.get(entry.id);
      if (!known || known.seq !== entry.seq) {
        const node = renderEntry(entry, this.#locale, this.#labels);
        if (!known && markFresh) node.classList.add("fresh");
        known?.node.replaceWith(node);
        known = { seq: entry.seq, node };
        this.#nodes.set(entry.id, known);
      }
      known.node.setAttribute("aria-posinset", String(index + 1));
      known.node.setAttribute("aria-setsize", String(shown.length));
      if (feed.children[index] !== known.node) feed.insertBefore(known.node, feed.children[index] ?? null);
    });
    feed.setAttribute("aria-busy", "false");
    this.#view.empty.hidden = shown.length > 0 || this.#held.size > 0;
    if (this.#view.empty.hidden === false) this.#view.empty.textContent = this.#labels.empty;
    this.#view.newButton.hidden = this.#held.size === 0;
    this.#view.newButton.textContent = this.#labels.newUpdates(this.#held.size);
    this.#view.more.hidden = !this.#subscription.hasOlder;
    this.#renderKeyEvents(shown);
  }

  #renderKeyEvents(shown: Entry[]) {
    const keyEntries = shown.filter((e) => e.keyEvent);
    this.#view.keys.hidden = keyEntries.length === 0;
    this.#view.keyList.replaceChildren(
      ...keyEntries.map((entry) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `#entry-${entry.id}`;
        link.textContent = entry.title ?? entry.body.slice(0, 80);
        link.addEventListener("click", (event) => {
          event.preventDefault();
          const target = this.#nodes.get(entry.id)?.node;
          const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
          target?.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" });
          target?.focus({ preventScroll: true });
        });
        item.append(link);
        return item;
      }),
    );
  }

  #releaseHeld() {
    this.#held.clear();
    this.#render(true);
    this.host.scrollIntoView({ block: "start" });
  }

  async #loadEarlier() {
    this.#view.more.disabled = true;
    try {
      await this.#subscription.loadOlder();
    } finally {
      this.#view.more.disabled = false;
      this.#view.more.hidden = !this.#subscription.hasOlder;
    }
  }

  destroy() {
    clearInterval(this.#timer);
    this.#subscription.unsubscribe();
    this.host.shadowRoot?.replaceChildren();
  }
}

/**
 * Shows an article's live updates in `element` (in its shadow root).
 *
 * @example
 * ```ts
 * import { createTicker } from "herald/client-sdk";
 * const ticker = createTicker(document.querySelector("#live")!, {
 *   server: "https://live.example.com",
 *   article: "peace-talks",
 * });
 * // later: ticker.destroy();
 * ```
 */
export function createTicker(element: HTMLElement, options: TickerOptions): TickerHandle {
  return new Ticker(element, options);
}
