// The ticker's entry (`@herald/client/ticker`; the server's `/sdk/herald.mjs`). It carries
// the headless client's API too, so a page that wants both (a private article's ticker is
// given its own HeraldClient) imports from one place.
export * from "../index.js";
export { createTicker, type TickerHandle, type TickerOptions } from "./ticker.js";
export {
  defineLiveTicker,
  mountTickers,
  unmountDetachedTickers,
  type LiveTickerElement,
} from "./live-ticker-element.js";
export { DEFAULT_LABELS, tickerLabels, type TickerLabelOverrides, type TickerLabels } from "./labels.js";
export { registerTickerLanguage } from "./languages.js";
export type { PartialTickerMessages, PluralMessage, TickerMessages } from "./messages/types.js";
