import type { ConnectionState } from "../types.js";
import { catalogueFor } from "./languages.js";
import type { PluralMessage, TickerMessages } from "./messages/types.js";

/**
 * Every text the ticker shows, for one locale: made from the catalogue of the reader's
 * language (see {@link tickerLabels}); pass any of them in `labels` to override it.
 */
export interface TickerLabels {
  /** The connection state in the header. @default "Connecting…", "Live", "Reconnecting…", "Offline" */
  states: Record<ConnectionState, string>;
  /** The status while live by polling (no socket could be opened, or the server is full). @default "Live · updates every few seconds" */
  polling: string;
  /** The "N new updates" button, and the announcement of a burst of entries. @default "1 new update" / "N new updates" */
  newUpdates: (count: number) => string;
  /** "N reading now" in the header, with `show-readers`. @default "N reading now" */
  readingNow: (count: number) => string;
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
  /** Mark on an entry changed without a correction note (a silent fix). @default "Updated" */
  updated: string;
  /** Mark on an entry with a labelled correction, beside each of its notes. @default "Corrected" */
  corrected: string;
  /** An embed card's button (`{provider}`: X, Telegram, …). @default "Load {provider} post" */
  loadPost: string;
  /** An embed card's button for a video (YouTube). @default "Load {provider} video" */
  loadVideo: string;
  /** An embed card's notice, before the reader loads it. @default "Loading it shares data with {provider}." */
  embedNotice: string;
  /** Shown while the article has no entries. @default "No updates yet." */
  empty: string;
  /** Shown when the article does not exist or may not be read. @default "This live blog is not available." */
  unavailable: string;
  /** Shown in place of the feed when the article turns private and the reader has no access. @default "This article is now for subscribers" */
  subscribersOnly: string;
  /** The accessible name of the feed. @default "Live updates" */
  feed: string;
  /** "12 updates since your last visit": entries published since the reader last had this article open. @default "1 update since your last visit" / "N updates since your last visit" */
  sinceLastVisit: (count: number) => string;
  /** The button that scrolls to where the reader left off. @default "Jump to where you left off" */
  jumpToLastVisit: string;
  /** The line drawn where the reader left off. @default "You left off here" */
  leftOffHere: string;
  /** The share control on each entry. @default "Share" */
  share: string;
  /** Said when an entry's link was copied. @default "Link copied" */
  linkCopied: string;
  /** Shown when a link names an entry the live blog does not have. @default "Update not found" */
  linkNotFound: string;
}

type TextKey = Exclude<
  keyof TickerLabels,
  "states" | "newUpdates" | "sinceLastVisit" | "readingNow" | "announce"
>;

/**
 * Texts a site puts over the catalogue's, for one ticker: each one either as
 * {@link TickerLabels} has it (`newUpdates` and `announce` as functions) or as a catalogue
 * writes it (`newUpdates` as plural forms with `{count}`, `announce` with `{text}`), which
 * is also what the `labels` attribute of `<live-ticker>` takes, as JSON.
 */
export type TickerLabelOverrides = Partial<Pick<TickerLabels, TextKey>> & {
  states?: Partial<TickerLabels["states"]>;
  newUpdates?: TickerLabels["newUpdates"] | PluralMessage;
  readingNow?: TickerLabels["readingNow"] | PluralMessage;
  sinceLastVisit?: TickerLabels["sinceLastVisit"] | PluralMessage;
  announce?: TickerLabels["announce"] | string;
};

const TEXT_KEYS: TextKey[] = [
  "polling",
  "loadEarlier",
  "ended",
  "keyEvents",
  "pinned",
  "keyEvent",
  "updated",
  "corrected",
  "loadPost",
  "loadVideo",
  "embedNotice",
  "empty",
  "unavailable",
  "subscribersOnly",
  "feed",
  "jumpToLastVisit",
  "leftOffHere",
  "share",
  "linkCopied",
  "linkNotFound",
];

function isPluralMessage(value: unknown): value is PluralMessage {
  return (
    typeof value === "string" ||
    (typeof value === "object" && value !== null && typeof (value as { other?: unknown }).other === "string")
  );
}

/** `message` as a function of the count: the plural form `locale` wants, the number in its digits. */
function counted(message: PluralMessage, locale: string): (count: number) => string {
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return (count) => {
    const form = typeof message === "string" ? message : (message[plurals.select(count)] ?? message.other);
    // A function, so that "$&" in a text is not read as a replacement pattern.
    return form.replace("{count}", () => numbers.format(count));
  };
}

/**
 * The texts a ticker in `locale` shows: the catalogue of its language (see
 * `registerTickerLanguage`; English when there is none), with `overrides` on top. Overrides
 * of the wrong type (a number from a `labels` attribute, say) are left out, not shown.
 *
 * @example
 * ```ts
 * tickerLabels("de-AT").loadEarlier; // "Ältere Beiträge laden"
 * tickerLabels("ru").newUpdates(5); // "5 новых записей"
 * tickerLabels("en", { keyEvents: "Highlights" }).keyEvents; // "Highlights"
 * ```
 */
export function tickerLabels(locale: string, overrides: TickerLabelOverrides = {}): TickerLabels {
  const messages: TickerMessages = catalogueFor(locale);
  const labels: TickerLabels = {
    ...messages,
    states: { ...messages.states },
    newUpdates: counted(messages.newUpdates, locale),
    readingNow: counted(messages.readingNow, locale),
    sinceLastVisit: counted(messages.sinceLastVisit, locale),
    announce: (text) => messages.announce.replace("{text}", () => text),
  };
  for (const key of TEXT_KEYS) {
    const value = overrides[key];
    if (typeof value === "string") labels[key] = value;
  }
  for (const [state, value] of Object.entries(overrides.states ?? {})) {
    if (state in labels.states && typeof value === "string") labels.states[state as ConnectionState] = value;
  }
  const { newUpdates, sinceLastVisit, announce } = overrides;
  if (typeof newUpdates === "function") labels.newUpdates = newUpdates;
  else if (isPluralMessage(newUpdates)) labels.newUpdates = counted(newUpdates, locale);
  if (typeof sinceLastVisit === "function") labels.sinceLastVisit = sinceLastVisit;
  else if (isPluralMessage(sinceLastVisit)) labels.sinceLastVisit = counted(sinceLastVisit, locale);
  const { readingNow } = overrides;
  if (typeof readingNow === "function") labels.readingNow = readingNow;
  else if (isPluralMessage(readingNow)) labels.readingNow = counted(readingNow, locale);
  if (typeof announce === "function") labels.announce = announce;
  else if (typeof announce === "string") labels.announce = (text) => announce.replace("{text}", () => text);
  return labels;
}

/** The English texts; {@link TickerLabels} documents each. */
export const DEFAULT_LABELS: TickerLabels = tickerLabels("en");
