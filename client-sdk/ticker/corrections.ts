import type { Entry } from "../types.js";
import { absoluteTime } from "./relative-time.js";

/**
 * A labelled correction's notes under an entry's body, oldest first, each with its time:
 * "Corrected · 30 Nov 2026, 21:04 — An earlier version misstated …". Notes are an editor's
 * text, put in as text, never markup. Null for an entry without labelled corrections (a
 * silent fix shows only the "Updated" mark).
 */
export function renderCorrections(entry: Entry, locale: string, label: string): HTMLElement | null {
  if (!entry.corrections?.length) return null;
  const list = document.createElement("ul");
  list.className = "corrections";
  list.setAttribute("part", "corrections");
  for (const { note, at } of entry.corrections) {
    const item = document.createElement("li");
    const time = document.createElement("time");
    time.dateTime = at;
    time.textContent = absoluteTime(at, locale);
    item.append(`${label} · `, time, ` — ${note}`);
    list.append(item);
  }
  return list;
}
