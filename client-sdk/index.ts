// The headless client: the root of the SDK. The ticker (./ticker/) is built on it and has
// its own entry, `@herald/client/ticker`; nothing here imports the ticker.
export { HeraldClient, type HeraldClientOptions, type Subscription } from "./herald-client.js";
export { EntryStore, compareEntries } from "./entry-store.js";
export type {
  Article,
  ConnectionState,
  EntriesContext,
  Entry,
  ErrorBody,
  SubscriptionContext,
  SubscriptionHandlers,
  Transport,
  Update,
} from "./types.js";
export type { FallbackCause } from "./polling-fallback.js";
