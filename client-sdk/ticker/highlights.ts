import { compareEntries } from "../entry-store.js";
import type { ArticleView, Entry, Update } from "../types.js";

/** The part of `GET /v1/articles/:id` this needs. */
type ArticleHighlights = Pick<ArticleView, "pinned" | "keyEvents">;

/**
 * Pinned and key-event entries older than the page of entries a subscription starts with.
 * A "How to follow today" post pinned at 7 am has dropped out of the newest 50 by noon, yet
 * readers must still see it on top, and the key-event list must still list the morning.
 * The subscription does not carry them, so they are read from the public
 * `GET /v1/articles/:id` after every reset and kept current from the live updates.
 */
export class Highlights {
  readonly #pinned = new Map<string, Entry>();
  readonly #keyEvents = new Map<string, Entry>();
  /** Retracted since the last load: a slower answer must not bring them back. */
  readonly #retracted = new Set<string>();
  #loading: AbortController | null = null;

  constructor(
    private readonly articleUrl: string,
    private readonly onChange: () => void,
  ) {}

  /** Reads them again (after a reset). Failures are quiet: the feed works without them. */
  async load(): Promise<void> {
    this.#loading?.abort();
    const loading = new AbortController();
    this.#loading = loading;
    this.#retracted.clear();
    try {
      const response = await fetch(this.articleUrl, { signal: loading.signal });
      if (!response.ok) return;
      const view = (await response.json()) as ArticleHighlights;
      if (loading.signal.aborted) return;
      this.#fill(this.#pinned, view.pinned);
      this.#fill(this.#keyEvents, view.keyEvents);
      this.onChange();
    } catch {
      // Offline, private article, or destroyed: nothing to add.
    }
  }

  #fill(map: Map<string, Entry>, entries: Entry[]): void {
    map.clear();
    for (const entry of entries) if (!this.#retracted.has(entry.id)) map.set(entry.id, entry);
  }

  /** Keeps them current: corrections replace, un-pinning and retractions remove. */
  apply(update: Update): void {
    if (update.type === "article.updated") return;
    const { entry } = update;
    const gone = update.type === "entry.deleted" || entry.deleted === true;
    if (gone) this.#retracted.add(entry.id);
    for (const [map, keep] of [
      [this.#pinned, entry.pinned],
      [this.#keyEvents, entry.keyEvent],
    ] as const) {
      if (!map.has(entry.id)) continue;
      if (gone || !keep) map.delete(entry.id);
      else map.set(entry.id, entry);
    }
  }

  /**
   * `entries` (the subscription's, newest first) with the pinned and key-event entries they
   * lack. Where both have an entry, the higher seq (the later state) wins.
   */
  merge(entries: Entry[]): Entry[] {
    const extra = new Map<string, Entry>();
    for (const map of [this.#pinned, this.#keyEvents]) for (const [id, entry] of map) extra.set(id, entry);
    if (extra.size === 0) return entries;
    const merged = entries.map((entry) => {
      const other = extra.get(entry.id);
      extra.delete(entry.id);
      return other && other.seq > entry.seq ? other : entry;
    });
    return [...merged, ...extra.values()].sort(compareEntries);
  }

  stop(): void {
    this.#loading?.abort();
  }
}
