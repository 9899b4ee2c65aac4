import type { Article, Entry, Update } from "../protocol/index.js";

/** Newest first by publication time; the id breaks ties so every reader sees one order. */
export function compareEntries(a: Entry, b: Entry): number {
  if (a.publishedAt !== b.publishedAt) return a.publishedAt < b.publishedAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The entries of one article as a reader sees them: updates applied in place, retractions gone. */
export class EntryStore {
  #entries = new Map<string, Entry>();
  #sorted: Entry[] | null = [];
  article: Article | null = null;

  /** Replaces everything (a reset). */
  reset(entries: Entry[], article: Article | null): void {
    this.#entries = new Map(entries.filter((e) => !e.deleted).map((e) => [e.id, e]));
    this.#sorted = null;
    this.article = article;
  }

  /** Adds older entries (a page of history) without overwriting newer states. */
  addOlder(entries: Entry[]): void {
    for (const entry of entries) {
      const known = this.#entries.get(entry.id);
      if (!entry.deleted && (!known || known.seq < entry.seq)) this.#entries.set(entry.id, entry);
    }
    this.#sorted = null;
  }

  apply(update: Update): void {
    if (update.type === "article.updated") {
      this.article = update.article;
      return;
    }
    if (update.type === "entry.deleted" || update.entry.deleted) this.#entries.delete(update.entry.id);
    else this.#entries.set(update.entry.id, update.entry);
    if (this.article) this.article = { ...this.article, seq: update.seq };
    this.#sorted = null;
  }

  /** Newest first. */
  get entries(): Entry[] {
    this.#sorted ??= [...this.#entries.values()].sort(compareEntries);
    return this.#sorted;
  }
}
