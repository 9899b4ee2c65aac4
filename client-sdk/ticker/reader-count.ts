import type { ArticleView } from "../types.js";

/**
 * "N reading now" before the status in the header (`part="readers"`), read from the public
 * `GET /v1/articles/:id` (which a CDN caches) now and every 15 s. Hidden until a count
 * arrives and whenever an answer has none (a private article, read without a token).
 * Returns what stops it. Kept small: the script bundle has a size budget.
 */
export function showReaderCount(
  status: HTMLElement,
  articleUrl: string,
  text: (count: number) => string,
): () => void {
  const node = document.createElement("span");
  node.className = "readers";
  node.setAttribute("part", "readers");
  node.hidden = true;
  status.before(node);
  const read = () =>
    fetch(articleUrl)
      .then((response) => response.json() as Promise<Partial<ArticleView>>)
      .then(({ readers }) => {
        node.hidden = !readers;
        if (readers) node.textContent = text(readers.now);
      })
      .catch(() => undefined); // offline: the last count stays until the next read
  void read();
  const timer = setInterval(read, 15_000);
  return () => {
    clearInterval(timer);
    node.remove();
  };
}
