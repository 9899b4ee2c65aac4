/** The two syndication formats an article's entries are served in. */
export type FeedFormat = "atom" | "rss";

/** Each format's registered media type: the response's Content-Type and the discovery link's type. */
export const FEED_MEDIA_TYPES = {
  atom: "application/atom+xml",
  rss: "application/rss+xml",
} as const satisfies Record<FeedFormat, string>;

/** The feed's absolute URL on `origin` (PUBLIC_URL, see server/http/public-origin.ts). */
export function feedUrl(origin: string, articleId: string, format: FeedFormat): string {
  return `${origin}/v1/articles/${encodeURIComponent(articleId)}/feed.${format}`;
}
