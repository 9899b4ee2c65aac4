import type { Entry } from "../protocol/index.js";
import { renderEntry } from "../client-sdk/ticker/render-entry.js";
import { DEFAULT_LABELS } from "../client-sdk/ticker/labels.js";

/** What the console does when an editor acts on an entry of the reader view. */
export interface EntryActions {
  edit: (entry: Entry) => void;
  togglePin: (entry: Entry) => Promise<unknown>;
  retract: (entry: Entry) => Promise<unknown>;
  onError: (err: unknown) => void;
}

/** A button that stays disabled while its action runs (no double pin or retract). */
function actionButton(label: string, run: () => Promise<unknown>, onError: (err: unknown) => void) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.addEventListener("click", () => {
    b.disabled = true;
    run()
      .catch(onError)
      .finally(() => (b.disabled = false));
  });
  return b;
}

/**
 * The reader view: entries rendered exactly as the widget renders them (pinned first), each
 * with Edit, Pin/Unpin and Retract.
 */
export function renderEntryList(container: HTMLElement, entries: Entry[], actions: EntryActions): void {
  const locale = navigator.language || "en";
  const ordered = [...entries.filter((e) => e.pinned), ...entries.filter((e) => !e.pinned)];
  if (ordered.length === 0) {
    const empty = document.createElement("p");
    empty.className = "empty";
    empty.textContent = "No entries yet.";
    container.replaceChildren(empty);
    return;
  }
  container.replaceChildren(
    ...ordered.map((entry) => {
      const node = renderEntry(entry, locale, DEFAULT_LABELS);
      const bar = document.createElement("div");
      bar.className = "actions";
      bar.append(
        actionButton("Edit", () => Promise.resolve(actions.edit(entry)), actions.onError),
        actionButton(entry.pinned ? "Unpin" : "Pin", () => actions.togglePin(entry), actions.onError),
        actionButton("Retract", () => actions.retract(entry), actions.onError),
      );
      node.append(bar);
      return node;
    }),
  );
}
