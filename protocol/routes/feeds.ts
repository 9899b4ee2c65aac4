import { z } from "zod";
import { articleParams } from "./params.js";
import { NOT_MODIFIED, atomXml, rssXml, type RouteDescriptor } from "./route.js";

/** How many of the newest entries a feed carries unless `?limit=` says otherwise. */
export const FEED_DEFAULT_ENTRIES = 50;

/**
 * `?limit=` within the entries route's cap. Not strict, unlike the JSON reads: feed readers and
 * aggregators append their own parameters (cache busters, tracking), and a feed URL that
 * answered 400 to those would go dark in them. Unknown keys are dropped, so they share the ETag.
 */
const feedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(FEED_DEFAULT_ENTRIES),
});

/**
 * Public on purpose: feed readers cannot carry a token, so a private article has no feed at all
 * (401 `unauthorized`, whatever the request carries) rather than one a token could open.
 * `bad_request`: in development without `PUBLIC_URL` the feed's URLs come from the request's
 * Host, which must then be a valid host.
 */
const feedErrors = ["article_not_found", "unauthorized", "bad_request"] as const;

export const atomFeed = {
  method: "get",
  path: "/v1/articles/{articleId}/feed.atom",
  summary: "The newest entries as an Atom feed (corrections as updated entries); public articles only",
  tag: "Feeds",
  auth: "public",
  params: articleParams,
  query: feedQuery,
  responses: { 200: atomXml("An Atom 1.0 feed (RFC 4287)"), 304: NOT_MODIFIED },
  errors: feedErrors,
} as const satisfies RouteDescriptor;

export const rssFeed = {
  method: "get",
  path: "/v1/articles/{articleId}/feed.rss",
  summary: "The newest entries as an RSS 2.0 feed; public articles only",
  tag: "Feeds",
  auth: "public",
  params: articleParams,
  query: feedQuery,
  responses: { 200: rssXml("An RSS 2.0 feed"), 304: NOT_MODIFIED },
  errors: feedErrors,
} as const satisfies RouteDescriptor;
