import type { ArticleReaders } from "../protocol/index.js";

/** How often the console asks for the count: about as often as servers write it. */
export const READER_COUNT_REFRESH_MS = 5_000;

export interface ReaderCountDeps {
  /** The article's `readers` (from `GET /v1/articles/:id`). */
  read: (articleId: string) => Promise<ArticleReaders>;
  /** Shows the text; "" hides it. */
  show: (text: string, at: string | null) => void;
  refreshMs?: number;
}

/** "1 reading now", "1,204 reading now". */
export function readingNow(count: number): string {
  return `${new Intl.NumberFormat("en").format(count)} reading now`;
}

/**
 * Keeps "N reading now" of the article being edited on screen, asked again every few seconds.
 * A failed read keeps the last count (it is approximate anyway); switching articles clears it
 * at once, and an answer for the article left behind is dropped.
 */
export function createReaderCount(deps: ReaderCountDeps) {
  let current: string | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  async function refresh(articleId: string) {
    try {
      const readers = await deps.read(articleId);
      if (current === articleId) deps.show(readingNow(readers.now), readers.at);
    } catch {
      // Shown again on the next refresh.
    }
  }
  return {
    watch(articleId: string) {
      if (timer) clearInterval(timer);
      current = articleId;
      deps.show("", null);
      void refresh(articleId);
      timer = setInterval(() => void refresh(articleId), deps.refreshMs ?? READER_COUNT_REFRESH_MS);
    },
  };
}
