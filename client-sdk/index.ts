export { HeraldClient, type HeraldClientOptions, type Subscription } from "./herald-client.js";
export { EntryStore, compareEntries } from "./entry-store.js";
export {
  createTicker,
  defineLiveTicker,
  mountTickers,
  unmountDetachedTickers,
  DEFAULT_LABELS,
} from "./ticker/index.js";
export type { TickerHandle, TickerOptions, TickerLabels } from "./ticker/index.js";
export type { ConnectionState, EntriesContext, SubscriptionContext, SubscriptionHandlers } from "./types.js";
export type { Article, Entry, Update, ErrorBody } from "../protocol/index.js";
