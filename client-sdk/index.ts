export { HeraldClient, type HeraldClientOptions, type Subscription } from "./herald-client.js";
export { EntryStore, compareEntries } from "./entry-store.js";
export type { ConnectionState, EntriesContext, SubscriptionContext, SubscriptionHandlers } from "./types.js";
export type { Article, Entry, Update, ErrorBody } from "../protocol/index.js";
