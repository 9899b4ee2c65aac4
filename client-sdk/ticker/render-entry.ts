import type { Entry } from "../../protocol/index.js";
import { absoluteTime, relativeTime } from "./relative-time.js";
import { safeFragment } from "./safe-html.js";

export interface EntryLabels {
  pinned: string;
  keyEvent: string;
  updated: string;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  // Text goes in as text, never as markup.
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The DOM of one entry. Only its sanitised `html` becomes markup; everything else is text. */
export function renderEntry(entry: Entry, locale: string, labels: EntryLabels): HTMLElement {
  const article = el("article", "entry");
  article.id = `entry-${entry.id}`;
  article.dataset.entryId = entry.id;
  article.setAttribute("part", "entry");
  article.classList.toggle("pinned", entry.pinned);
  article.classList.toggle("key", entry.keyEvent);
  article.tabIndex = -1;

  const meta = el("div", "meta");
  if (entry.pinned) meta.append(el("span", "badge", labels.pinned));
  if (entry.keyEvent) meta.append(el("span", "badge", labels.keyEvent));
  const time = el("time", "time", relativeTime(entry.publishedAt, locale));
  time.dateTime = entry.publishedAt;
  time.title = absoluteTime(entry.publishedAt, locale);
  meta.append(time);
  if (entry.author) meta.append(el("span", "author", entry.author.name));
  if (entry.updatedAt) {
    const updated = el("span", "updated", labels.updated);
    updated.title = absoluteTime(entry.updatedAt, locale);
    meta.append(updated);
  }
  article.append(meta);
  if (entry.title) {
    const title = el("h3", "entry-title", entry.title);
    title.setAttribute("part", "entry-title");
    article.append(title);
  }
  const body = el("div", "body");
  body.setAttribute("part", "entry-body");
  body.append(safeFragment(entry.html));
  article.append(body);
  const label = entry.title ?? body.textContent?.trim().slice(0, 80) ?? "";
  article.setAttribute("aria-label", label);
  return article;
}

/** Refreshes the relative times inside `root` (called every minute). */
export function refreshTimes(root: ParentNode, locale: string): void {
  for (const time of root.querySelectorAll<HTMLTimeElement>("time.time")) {
    time.textContent = relativeTime(time.dateTime, locale);
  }
}
