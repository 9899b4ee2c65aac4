import type { TickerMessages } from "./types.js";

/** English, the ticker's fallback for every language it has no catalogue for. */
export const en: TickerMessages = {
  states: { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline" },
  polling: "Live · updates every few seconds",
  newUpdates: { one: "{count} new update", other: "{count} new updates" },
  readingNow: "{count} reading now",
  announce: "New update: {text}",
  loadEarlier: "Load earlier updates",
  ended: "Coverage has ended",
  keyEvents: "Key events",
  pinned: "Pinned",
  keyEvent: "Key event",
  updated: "Updated",
  corrected: "Corrected",
  loadPost: "Load {provider} post",
  loadVideo: "Load {provider} video",
  embedNotice: "Loading it shares data with {provider}.",
  empty: "No updates yet.",
  unavailable: "This live blog is not available.",
  subscribersOnly: "This article is now for subscribers",
  feed: "Live updates",
  sinceLastVisit: {
    one: "{count} update since your last visit",
    other: "{count} updates since your last visit",
  },
  jumpToLastVisit: "Jump to where you left off",
  leftOffHere: "You left off here",
  share: "Share",
  linkCopied: "Link copied",
  linkNotFound: "Update not found",
};
