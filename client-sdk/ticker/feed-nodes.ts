import type { Entry } from "../types.js";
import type { TickerLabels } from "./labels.js";
import { renderEntry } from "./render-entry.js";

/** The feed's node for each entry it shows, by entry id, with the seq it was rendered at. */
export type FeedNodes = Map<string, { seq: number; node: HTMLElement }>;

/** Pinned entries on top, then newest first (the order the client hands them over in). */
export function displayOrder(entries: Entry[]): Entry[] {
  return [...entries.filter((e) => e.pinned), ...entries.filter((e) => !e.pinned)];
}

/**
 * Makes `feed` show `shown`, in that order, by keyed reconciliation: unchanged entries keep
 * their node, so nothing flickers or jumps; an entry with a new seq is rendered anew in place
 * (`fresh` when `markFresh` and it is new to the feed), and `targetId`'s is the target.
 */
export function placeEntries(
  feed: HTMLElement,
  nodes: FeedNodes,
  shown: Entry[],
  locale: string,
  labels: TickerLabels,
  markFresh: boolean,
  targetId: string | null,
): void {
  const shownIds = new Set(shown.map((e) => e.id));
  for (const [id, { node }] of nodes) {
    if (shownIds.has(id)) continue;
    node.remove();
    nodes.delete(id);
  }
  shown.forEach((entry, index) => {
    let known = nodes.get(entry.id);
    if (!known || known.seq !== entry.seq) {
      const node = renderEntry(entry, locale, labels);
      if (!known && markFresh) node.classList.add("fresh");
      known?.node.replaceWith(node);
      known = { seq: entry.seq, node };
      nodes.set(entry.id, known);
    }
    known.node.classList.toggle("target", entry.id === targetId);
    known.node.setAttribute("aria-posinset", String(index + 1));
    known.node.setAttribute("aria-setsize", String(shown.length));
    if (feed.children[index] !== known.node) feed.insertBefore(known.node, feed.children[index] ?? null);
  });
  feed.setAttribute("aria-busy", "false");
}
