import type { Entry } from "../types.js";
import { plainText } from "./render-entry.js";

/**
 * Fills the compact list of key events (newest first) that readers jump from. Each link
 * calls `jump` with its entry's id; its `href` still names the entry for "copy link".
 */
export function renderKeyEvents(
  container: HTMLElement,
  list: HTMLUListElement,
  entries: Entry[],
  jump: (entryId: string) => void,
): void {
  const keyEntries = entries.filter((e) => e.keyEvent);
  container.hidden = keyEntries.length === 0;
  list.replaceChildren(
    ...keyEntries.map((entry) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#entry-${encodeURIComponent(entry.id)}`;
      link.textContent = entry.title ?? plainText(entry, 80);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        jump(entry.id);
      });
      item.append(link);
      return item;
    }),
  );
}
