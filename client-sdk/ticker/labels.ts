import type { ConnectionState } from "../types.js";

/** Every text the ticker shows; override any of them with `labels` for another language. */
export interface TickerLabels {
  states: Record<ConnectionState, string>;
  /** The "N new updates" button. */
  newUpdates: (count: number) => string;
  /** Announced to screen readers for each new entry. */
  announce: (titleOrText: string) => string;
  loadEarlier: string;
  ended: string;
  keyEvents: string;
  pinned: string;
  keyEvent: string;
  updated: string;
  empty: string;
  unavailable: string;
  feed: string;
}

export const DEFAULT_LABELS: TickerLabels = {
  states: { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline" },
  newUpdates: (count) => (count === 1 ? "1 new update" : `${count} new updates`),
  announce: (text) => `New update: ${text}`,
  loadEarlier: "Load earlier updates",
  ended: "Coverage has ended",
  keyEvents: "Key events",
  pinned: "Pinned",
  keyEvent: "Key event",
  updated: "Updated",
  empty: "No updates yet.",
  unavailable: "This live blog is not available.",
  feed: "Live updates",
};
