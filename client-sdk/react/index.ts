// The React binding (`@herald/client/react`): a hook for building your own live blog on the
// headless client, and a component around the ticker. React is an optional peer dependency:
// only this entry imports it. It uses the SDK's public entries only (../index.ts and
// ../ticker/index.ts), the way any site's own binding could, and touches no browser global
// on import, so it loads in Node for server rendering.
export { useLiveArticle, type LiveArticleTarget, type UseLiveArticleOptions } from "./use-live-article.js";
export type { LiveArticle } from "./live-article-source.js";
export { LiveTicker, type LiveTickerProps } from "./live-ticker.js";
export type { ReaderTokenSource } from "./shared-client.js";
export type {
  Article,
  ConnectionState,
  Entry,
  ErrorBody,
  SubscriptionContext,
  TickerLabels,
  Transport,
  Update,
} from "../ticker/index.js";
