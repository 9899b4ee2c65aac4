import type { Entry } from "../types.js";
import { absoluteTime, relativeTime } from "./relative-time.js";
import { safeFragment } from "./safe-html.js";
import { renderMedia, type MediaLabels } from "./media.js";
import { renderCorrections } from "./corrections.js";

/** The texts {@link renderEntry} shows besides the entry itself. */
export interface EntryLabels extends MediaLabels {
  pinned: string;
  keyEvent: string;
  updated: string;
  corrected: string;
  share: string;
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

// Entry objects are replaced, never changed, when a correction arrives: safe to key on them.
const plainTexts = new WeakMap<Entry, string>();

/**
 * An entry's text as a reader reads it, for announcements and the key-event list: taken
 * from its sanitised `html` (not the Markdown source, whose `**` and `[…](…)` would be read
 * out), whitespace collapsed, cut at `max` characters.
 */
export function plainText(entry: Entry, max = 120): string {
  let text = plainTexts.get(entry);
  if (text === undefined) {
    const fragment = safeFragment(entry.html);
    // Blocks end in a space so paragraphs and list items do not run together.
    for (const block of fragment.querySelectorAll("p, li, br, blockquote, pre")) block.after(" ");
    text = (fragment.textContent ?? "").replace(/\s+/g, " ").trim();
    plainTexts.set(entry, text);
  }
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** The DOM of one entry. Only its sanitised `html` becomes markup; everything else is text. */
export function renderEntry(entry: Entry, locale: string, labels: EntryLabels): HTMLElement {
  const article = el("article", "entry");
  article.id = `entry-${entry.id}`;
  article.dataset.entryId = entry.id;
  article.setAttribute("part", "entry");
  article.classList.toggle("pinned", entry.pinned);
  article.classList.toggle("key", entry.keyEvent);
  // Focusable by script only: the key-event list and the "new updates" button move the
  // reader here when the reader asks to, nothing else does.
  article.tabIndex = -1;

  const meta = el("div", "meta");
  if (entry.pinned) meta.append(el("span", "badge", labels.pinned));
  if (entry.keyEvent) meta.append(el("span", "badge", labels.keyEvent));
  const time = el("time", "time", relativeTime(entry.publishedAt, locale));
  time.dateTime = entry.publishedAt;
  time.title = absoluteTime(entry.publishedAt, locale);
  meta.append(time);
  if (entry.author) meta.append(el("span", "author", entry.author.name));
  const corrections = renderCorrections(entry, locale, labels.corrected);
  if (corrections) meta.append(el("span", "corrected", labels.corrected));
  else if (entry.updatedAt) {
    // A silent fix: marked, with no note.
    const updated = el("span", "updated", labels.updated);
    updated.title = absoluteTime(entry.updatedAt, locale);
    meta.append(updated);
  }
  // The ticker handles its clicks, for all entries at once (see permalink.ts).
  const share = el("button", "share", labels.share);
  share.type = "button";
  share.setAttribute("part", "share");
  meta.append(share);
  article.append(meta);
  if (entry.title) {
    const title = el("h3", "entry-title", entry.title);
    title.setAttribute("part", "entry-title");
    article.append(title);
  }
  const body = el("div", "body");
  body.setAttribute("part", "entry-body");
  body.append(safeFragment(entry.html));
  article.append(body, ...renderMedia(entry, labels));
  if (corrections) article.append(corrections);
  article.setAttribute("aria-label", entry.title ?? plainText(entry, 80));
  return article;
}

/** Refreshes the relative times inside `root` (called every minute). */
export function refreshTimes(root: ParentNode, locale: string): void {
  const now = Date.now();
  for (const time of root.querySelectorAll<HTMLTimeElement>("time.time")) {
    const text = relativeTime(time.dateTime, locale, now);
    if (time.textContent !== text) time.textContent = text;
  }
}
