import type { ConnectionState } from "../../types.js";

/**
 * A text that depends on a number: one form per plural category of the language as
 * `Intl.PluralRules` names them (`zero`, `one`, `two`, `few`, `many`, `other`), or a single
 * string for a language without plural forms. `{count}` is replaced by the number, formatted
 * for the reader's locale; `other` serves any category left out.
 *
 * @example
 * ```ts
 * const pl: PluralMessage = { one: "{count} nowy wpis", few: "{count} nowe wpisy", many: "{count} nowych wpisów", other: "{count} nowego wpisu" };
 * const ja: PluralMessage = "新着{count}件";
 * ```
 */
export type PluralMessage = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);

/**
 * One language's texts for the ticker, as data: what a catalogue holds and what
 * `registerTickerLanguage` takes. Each field is documented on `TickerLabels`, which is what
 * the ticker makes of it for one locale.
 */
export interface TickerMessages {
  states: Record<ConnectionState, string>;
  polling: string;
  /** The "N new updates" button, and the announcement of a burst of entries. */
  newUpdates: PluralMessage;
  /** "N reading now" in the header, with `show-readers`: readers of the article across the servers. */
  readingNow: PluralMessage;
  /** `{text}` is the new entry's title, else its text. */
  announce: string;
  loadEarlier: string;
  ended: string;
  keyEvents: string;
  pinned: string;
  keyEvent: string;
  updated: string;
  /** An entry with a labelled correction: shown beside each public note. */
  corrected: string;
  /** An embed card's button; `{provider}` is the provider's name. */
  loadPost: string;
  loadVideo: string;
  /** An embed card's notice that loading it contacts `{provider}`. */
  embedNotice: string;
  empty: string;
  unavailable: string;
  subscribersOnly: string;
  feed: string;
  /** "12 updates since your last visit": entries published since the reader last had this article open. */
  sinceLastVisit: PluralMessage;
  jumpToLastVisit: string;
  leftOffHere: string;
  share: string;
  linkCopied: string;
  linkNotFound: string;
}

/** A catalogue with texts left out (they come from English); `states` may be partial too. */
export type PartialTickerMessages = Partial<Omit<TickerMessages, "states">> & {
  states?: Partial<TickerMessages["states"]>;
};
