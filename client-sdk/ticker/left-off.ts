import type { FeedNodes } from "./feed-nodes.js";
import type { TickerLabels } from "./labels.js";
import type { TickerView } from "./ticker-view.js";

/** Where the reader left off: how many entries are new, and the first they had seen (if loaded). */
export interface LeftOff {
  count: number;
  id: string | undefined;
}

/**
 * Shows "N updates since your last visit" (when `leftOff` is placed), and the "You left off
 * here" line, with its jump button, in the first entry the reader had seen when it is shown.
 */
export function showLeftOff(
  view: TickerView,
  labels: TickerLabels,
  leftOff: LeftOff | null | undefined,
  nodes: FeedNodes,
): void {
  const seen = nodes.get(leftOff?.id ?? "")?.node;
  if (seen) seen.prepend(view.leftOff);
  else view.leftOff.remove();
  view.since.hidden = !leftOff;
  view.sinceText.textContent = labels.sinceLastVisit(leftOff?.count ?? 0);
  view.jumpButton.hidden = !seen;
}
