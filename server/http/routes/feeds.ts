import { Router } from "express";
import { readEntryPage } from "../../../article-log/read.js";
import * as feeds from "../../../protocol/routes/feeds.js";
import type { Article } from "../../../protocol/index.js";
import { renderArticleFeed } from "../../feeds/article-feed.js";
import { FEED_MEDIA_TYPES, type FeedFormat } from "../../feeds/feed-urls.js";
import { HttpError } from "../http-error.js";
import { routeMounter, type RouteInput } from "../mount-route.js";
import { originOf } from "../public-origin.js";
import type { AppDeps } from "../app-deps.js";
import { readRouting } from "../read-cache/read-routing.js";

/** What both feed routes are given (their params and query are the same). */
type FeedInput = Pick<RouteInput<typeof feeds.atomFeed>, "params" | "query" | "req" | "res">;

/**
 * The origin the feed's URLs and ids are built on, checked: without PUBLIC_URL (development)
 * it is the request's Host, and the feed library would throw on one that is no host at all.
 */
function checkedOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    throw new HttpError("bad_request", "The Host header does not name a host; set PUBLIC_URL");
  }
}

/**
 * `/v1/articles/:id/feed.atom` and `feed.rss`: the newest entries for feed readers, cached like
 * the other public reads (read-cache/serve-read.ts: Cache-Control, strong ETag, 304,
 * coalescing). Public articles only: a feed reader cannot carry a reader token, and a feed
 * a token opened would be one any aggregator could re-publish.
 */
export function feedRoutes(deps: AppDeps): Router {
  const router = Router();
  const reading = readRouting(deps);
  const mount = routeMounter(router, reading.mountDeps);

  /** The article (404), if it is public (401, the code a private article's reads answer). */
  async function publicArticle(articleId: string): Promise<Article> {
    const article = await reading.mountDeps.readArticle(articleId);
    if (!article) throw new HttpError("article_not_found", `No article "${articleId}"`);
    if (article.private) {
      throw new HttpError("unauthorized", "This article is private: it has no feed");
    }
    return article;
  }

  const serveFeed =
    (format: FeedFormat) =>
    async ({ params: { articleId }, query, req, res }: FeedInput) => {
      const article = await publicArticle(articleId);
      const origin = checkedOrigin(originOf(req, deps.config.PUBLIC_URL));
      await reading.serve(
        { req, res, article },
        {
          representation: format,
          query,
          shape: [deps.config.CATCHUP_MAX_BYTES, origin],
          contentType: FEED_MEDIA_TYPES[format],
          read: async () => {
            const page = await readEntryPage(deps.redis, deps.config.KEY_PREFIX, articleId, {
              limit: query.limit,
              maxBytes: deps.config.CATCHUP_MAX_BYTES,
            });
            return { body: renderArticleFeed(article, page.entries, origin, format) };
          },
        },
      );
    };

  mount(feeds.atomFeed, serveFeed("atom"));
  mount(feeds.rssFeed, serveFeed("rss"));
  return router;
}
