export { createTicker, type TickerHandle, type TickerOptions } from "./ticker.js";
export { defineLiveTicker, mountTickers, unmountDetachedTickers } from "./live-ticker-element.js";
export { DEFAULT_LABELS, type TickerLabels } from "./labels.js";
