import type { ConnectionState } from "../types.js";

/** Every text the ticker shows; pass any of them in `labels` for another language. */
export interface TickerLabels {
  /** The connection state in the header. @default "Connecting…", "Live", "Reconnecting…", "Offline" */
  states: Record<ConnectionState, string>;
  /** The status while live by polling (no socket could be opened, or the server is full). @default "Live · updates every few seconds" */
  polling: string;
  /** The "N new updates" button. @default "1 new update" / "N new updates" */
  newUpdates: (count: number) => string;
  /** Announced to screen readers for each new entry (its title, else its text). @default "New update: …" */
  announce: (titleOrText: string) => string;
  /** The button that pages back through history. @default "Load earlier updates" */
  loadEarlier: string;
  /** Shown when the article's status is `ended`. @default "Coverage has ended" */
  ended: string;
  /** Heading of the list of key events. @default "Key events" */
  keyEvents: string;
  /** Badge on a pinned entry. @default "Pinned" */
  pinned: string;
  /** Badge on a key event. @default "Key event" */
  keyEvent: string;
  /** Mark on a corrected entry. @default "Updated" */
  updated: string;
  /** Shown while the article has no entries. @default "No updates yet." */
  empty: string;
  /** Shown when the article does not exist or may not be read. @default "This live blog is not available." */
  unavailable: string;
  /** Shown in place of the feed when the article turns private and the reader has no access. @default "This article is now for subscribers" */
  subscribersOnly: string;
  /** The accessible name of the feed. @default "Live updates" */
  feed: string;
}

/** The English texts; {@link TickerLabels} documents each. */
export const DEFAULT_LABELS: TickerLabels = {
  states: { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline" },
  polling: "Live · updates every few seconds",
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
  subscribersOnly: "This article is now for subscribers",
  feed: "Live updates",
};
