import type { Subscription } from "../herald-client.js";
import type { Article, Entry, Update } from "../types.js";
import { accessNotice } from "./access-notice.js";
import { Announcer } from "./announcer.js";
import { displayOrder, placeEntries, type FeedNodes } from "./feed-nodes.js";
import { Highlights } from "./highlights.js";
import { renderKeyEvents } from "./key-events.js";
import { tickerLabels, type TickerLabelOverrides, type TickerLabels } from "./labels.js";
import { onLanguageRegistered, servesLocale } from "./languages.js";
import { LastVisit } from "./last-visit.js";
import { showLeftOff, type LeftOff } from "./left-off.js";
import { handleLoadEarlier, loadUntil } from "./older-pages.js";
import { handleShareClicks, linkedEntry } from "./permalink.js";
import { readerLanguage } from "./reader-language.js";
import { showReaderCount } from "./reader-count.js";
import { plainText, refreshTimes } from "./render-entry.js";
import { scrolledPast, scrollToStart } from "./scroll-position.js";
import { leaseClient, type ClientLease } from "./shared-clients.js";
import { checkedArticleUrl, type TickerHandle, type TickerOptions } from "./ticker-options.js";
import { TickerStatus } from "./ticker-status.js";
import { buildView, labelView, type TickerView } from "./ticker-view.js";
import { toast, type Toast } from "./toast.js";

export type { TickerHandle, TickerOptions } from "./ticker-options.js";

/** How often relative times ("3 minutes ago") are refreshed. */
const REFRESH_TIMES_MS = 60_000;

/**
 * A live ticker in `host`'s shadow root, built on the headless client's public API only.
 * New entries that arrive while the reader has scrolled past the top of the feed wait
 * behind an "N new updates" button, so the page never moves under the reader.
 */
class Ticker implements TickerHandle {
  readonly article: string;
  readonly #host: HTMLElement;
  readonly #view: TickerView;
  #labels: TickerLabels;
  readonly #overrides: TickerLabelOverrides | undefined;
  readonly #locale: string;
  readonly #stopRelabelling: () => void;
  readonly #announcer: Announcer;
  readonly #lease: ClientLease | null;
  /**
   * Null only while `subscribe()` runs: it calls `onEntries` at once, before returning, when
   * the shared client already follows this article (a second ticker for it on the page).
   */
  #subscription: Subscription | null = null;
  readonly #highlights: Highlights;
  readonly #nodes: FeedNodes = new Map();
  /** New entries held back while the reader is scrolled into the feed. */
  readonly #held = new Set<string>();
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #stopReaders: (() => void) | null;
  #entries: Entry[] = [];
  /** Shown in place of the feed while the article may not be read (null: the feed). */
  #notice: string | null = null;
  readonly #status = new TickerStatus();
  #firstRender = true;
  #destroyed = false;
  /** Null when the site turned "since your last visit" off. */
  readonly #lastVisit: LastVisit | null;
  /** Where the reader left off: undefined until looked for, null while looking or when nothing is new. */
  #leftOff: LeftOff | null | undefined;
  /** The entry the page's `#entry-<id>` names, highlighted. */
  #targetId: string | null = null;
  #shown: Entry[] = [];
  /** Older pages load one request at a time, whoever asks (a jump, a link, the left-off line). */
  #paging = Promise.resolve();
  readonly #toast: Toast;
  readonly #onHash = () => void this.#openLink();

  constructor(host: HTMLElement, options: TickerOptions) {
    const articleUrl = checkedArticleUrl(options);
    this.article = options.article;
    this.#host = host;
    const language = readerLanguage(host, options.lang ?? options.locale);
    this.#locale = language.locale;
    this.#overrides = options.labels;
    this.#labels = tickerLabels(this.#locale, this.#overrides);
    const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
    root.replaceChildren();
    this.#view = buildView(root, this.#labels, language);
    this.#announcer = new Announcer(this.#view.live, {
      announce: (text) => this.#labels.announce(text),
      newUpdates: (count) => this.#labels.newUpdates(count),
    });
    this.#stopRelabelling = onLanguageRegistered((tag) => {
      if (servesLocale(tag, this.#locale)) this.#relabel();
    });
    this.#highlights = new Highlights(articleUrl, () => this.#render(false));
    this.#stopReaders = options.showReaders
      ? showReaderCount(this.#view.status, articleUrl, (count) => this.#labels.readingNow(count))
      : null;
    this.#status.show(this.#view, this.#labels, "connecting");
    this.#view.newButton.addEventListener("click", () => this.#releaseHeld());
    handleLoadEarlier(
      this.#view.more,
      () => this.#subscription,
      () => this.#destroyed,
    );
    this.#lastVisit = options.lastVisit === false ? null : new LastVisit(options.server, options.article);
    this.#view.jumpButton.addEventListener("click", () => void this.#jumpTo(this.#leftOff?.id ?? ""));
    this.#toast = toast(this.#view.toast);
    handleShareClicks(this.#view.feed, () => this.#toast.show(this.#labels.linkCopied));
    addEventListener("hashchange", this.#onHash);
    let client = options.client;
    if (client) this.#lease = null;
    else {
      this.#lease = leaseClient(options.server);
      client = this.#lease.client;
    }
    this.#subscription = client.subscribe(options.article, {
      onEntries: (entries, ctx) => this.#onEntries(entries, ctx.reason, ctx.article),
      onUpdate: (update) => this.#onUpdate(update),
      onState: (state, ctx) => this.#status.show(this.#view, this.#labels, state, ctx.transport),
      onError: (error) => {
        const notice = accessNotice(error, this.#labels, this.#notice);
        if (notice === this.#notice) return;
        this.#notice = notice;
        this.#render(false);
      },
    });
    if (!this.#firstRender) this.#render(false); // now that hasOlder can be read
    this.#timer = setInterval(() => refreshTimes(this.#view.feed, this.#locale), REFRESH_TIMES_MS);
  }

  /** A catalogue for this ticker's language was registered after it started: show its texts. */
  #relabel() {
    const before = this.#labels;
    this.#labels = tickerLabels(this.#locale, this.#overrides);
    labelView(this.#view, this.#labels);
    if (this.#notice === before.subscribersOnly) this.#notice = this.#labels.subscribersOnly;
    else if (this.#notice === before.unavailable) this.#notice = this.#labels.unavailable;
    this.#status.show(this.#view, this.#labels);
    for (const known of this.#nodes.values()) known.seq = -1; // re-rendered with the new badges
    this.#render(false);
  }

  #onUpdate(update: Update) {
    this.#highlights.apply(update);
    if (update.type !== "entry.created" || update.entry.deleted) return;
    if (!this.#firstRender && scrolledPast(this.#view.feed)) this.#held.add(update.entry.id);
    // At the top, anything held comes in with the new entry, so the order stays whole.
    else this.#held.clear();
    this.#announcer.entry(update.entry.title ?? plainText(update.entry));
  }

  #onEntries(entries: Entry[], reason: "reset" | "update" | "history", article: Article | null) {
    if (reason === "reset") {
      this.#notice = null; // readable again
      this.#held.clear();
      void this.#highlights.load();
    }
    this.#entries = entries;
    if (article) this.#status.article(this.#view, this.#labels, article);
    const first = this.#firstRender;
    this.#render(reason === "update" && !first);
    this.#firstRender = false;
    if (first) void this.#openLink();
    this.#placeLeftOff();
  }

  /**
   * On return: counts the entries new since the last visit and finds the first the reader had
   * seen, paging back to it when more than a page is new; then shows the count and the line.
   */
  #placeLeftOff() {
    const lastVisit = this.#lastVisit;
    if (!lastVisit || this.#leftOff !== undefined || this.#notice !== null) return;
    this.#leftOff = null; // being placed
    const place = () => lastVisit.leftOff(this.#shown);
    void this.#loadUntil(() => !place().count || place().id !== undefined).then(() => {
      const leftOff = place();
      this.#leftOff = leftOff.count ? leftOff : null;
      if (!this.#destroyed) this.#render(false);
    });
  }

  /** The page's hash names an entry (at start, or it changed): scroll there and highlight it. */
  async #openLink() {
    const id = linkedEntry();
    if (id === null || this.#firstRender) return; // the first entries bring it back here
    this.#targetId = id;
    this.#render(false);
    if (await this.#jumpTo(id)) return;
    this.#targetId = null;
    this.#toast.show(this.#labels.linkNotFound);
  }

  #render(markFresh: boolean) {
    // A notice (the article may not be read) takes the feed's place.
    const paged = new Set(this.#notice === null ? this.#entries.map((e) => e.id) : []);
    for (const id of this.#held) if (!paged.has(id)) this.#held.delete(id);
    const all =
      this.#notice === null ? this.#highlights.merge(this.#entries).filter((e) => !this.#held.has(e.id)) : [];
    // Beyond the loaded page, only pinned entries belong in the feed (on top); older key
    // events are in the key-event list, and load when the reader picks one.
    const shown = displayOrder(all.filter((e) => paged.has(e.id) || e.pinned));
    this.#shown = shown;
    this.#lastVisit?.shown(shown);
    placeEntries(this.#view.feed, this.#nodes, shown, this.#locale, this.#labels, markFresh, this.#targetId);
    const { empty, newButton, more, keys, keyList } = this.#view;
    showLeftOff(this.#view, this.#labels, this.#leftOff, this.#nodes);
    empty.hidden = this.#notice === null && (shown.length > 0 || this.#held.size > 0);
    if (!empty.hidden) empty.textContent = this.#notice ?? this.#labels.empty;
    newButton.hidden = this.#held.size === 0;
    newButton.textContent = this.#labels.newUpdates(this.#held.size);
    more.hidden = this.#notice !== null || !this.#subscription?.hasOlder;
    renderKeyEvents(keys, keyList, all, (id) => void this.#jumpTo(id));
  }

  /**
   * The reader asked to go to an entry: page back until it is loaded (an older key event),
   * then scroll there and move focus there (without a second scroll). False when not found.
   */
  async #jumpTo(entryId: string): Promise<boolean> {
    await this.#loadUntil(() => this.#nodes.has(entryId));
    const node = this.#nodes.get(entryId)?.node;
    if (!node || this.#destroyed) return false;
    scrollToStart(node);
    node.focus({ preventScroll: true });
    return true;
  }

  /** Pages back until `found()` (see `loadUntil`), one request at a time whoever asks. */
  #loadUntil(found: () => boolean): Promise<void> {
    return (this.#paging = this.#paging.then(() => loadUntil(this.#subscription, found)));
  }

  #releaseHeld() {
    const released = new Set(this.#held);
    this.#held.clear();
    this.#render(true);
    // The button disappears under the reader's focus; the newest entry it brought takes it.
    const first = [...this.#view.feed.children].find(
      (node) => node instanceof HTMLElement && released.has(node.dataset.entryId ?? ""),
    );
    if (first instanceof HTMLElement) void this.#jumpTo(first.dataset.entryId ?? "");
  }

  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    clearInterval(this.#timer);
    this.#toast.stop();
    removeEventListener("hashchange", this.#onHash);
    this.#lastVisit?.stop();
    this.#stopReaders?.();
    this.#stopRelabelling();
    this.#announcer.stop();
    this.#highlights.stop();
    this.#subscription?.unsubscribe();
    this.#lease?.release();
    this.#host.shadowRoot?.replaceChildren();
  }
}

/**
 * Shows an article's live updates in `element`, inside a shadow root: newest first, pinned
 * entries on top, key events listed, corrections and retractions applied in place, new
 * entries announced politely to screen readers.
 *
 * @example
 * ```ts
 * import { createTicker } from "@herald/client/ticker";
 *
 * const ticker = createTicker(document.querySelector<HTMLElement>("#live")!, {
 *   server: "https://live.example.com",
 *   article: "peace-talks",
 *   lang: "de", // else the element's or the page's lang
 *   labels: { loadEarlier: "Frühere Beiträge anzeigen" },
 * });
 * // When the element goes away:
 * ticker.destroy();
 * ```
 * @throws TypeError when `server` or `article` is missing
 */
export function createTicker(element: HTMLElement, options: TickerOptions): TickerHandle {
  return new Ticker(element, options);
}
