import type { Entry } from "../types.js";
import { absoluteTime } from "./relative-time.js";

/**
 * A labelled correction's notes under an entry's body, oldest first, each with its time:
 * "Corrected · 30 Nov, 21:04 — An earlier version misstated …". Notes are an editor's text,
 * put in as text, never markup. Null for an entry without labelled corrections (a silent
 * fix shows only the "Updated" mark).
 */
export function renderCorrections(entry: Entry, locale: string, label: string): HTMLElement | null {
  const corrections = entry.corrections ?? [];
  if (corrections.length === 0) return null;
  const list = document.createElement("ul");
  list.className = "corrections";
  list.setAttribute("part", "corrections");
  list.setAttribute("aria-label", label);
  for (const { note, at } of corrections) {
    const item = document.createElement("li");
    const mark = document.createElement("strong");
    mark.textContent = label;
    const time = document.createElement("time");
    time.dateTime = at;
    time.textContent = absoluteTime(at, locale);
    item.append(mark, " · ", time, " — ", note);
    list.append(item);
  }
  return list;
}
