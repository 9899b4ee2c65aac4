import type { Request, Response } from "express";
import type { Config } from "../../../platform/config.js";
import type { Article } from "../../../protocol/index.js";
import {
  PRIVATE_CACHE_CONTROL,
  matchesIfNoneMatch,
  normalisedQuery,
  publicCacheControl,
  strongEtag,
  type Head,
} from "./cache-headers.js";
import type { CoalescedReads, ReadKind } from "./coalesced-reads.js";

/** One public read route's answer, as the cache rules need to see it. */
export interface CachedRead {
  /** What the answer is; part of its ETag and of the coalescing key. */
  representation: Exclude<ReadKind, "head">;
  /** The request's query as parsed, defaults applied: equal queries share an ETag and a read. */
  query: Record<string, string | number | undefined>;
  /** Settings that shape the body beyond the query (byte caps, page sizes, origin). */
  shape: (string | number)[];
  contentType: "application/json" | "text/html" | "application/atom+xml" | "application/rss+xml";
  /**
   * Reads and renders the body. `head`: where the log stood for this body, when the read saw
   * it itself in the same atomic step (the updates script does); else the head read before.
   */
  read: () => Promise<{ body: string; head?: Head }>;
}

export interface ServeReadDeps {
  config: Pick<Config, "READ_CACHE_MAX_AGE_S" | "READ_CACHE_SWR_S" | "READ_CACHE_STALE_IF_ERROR_S">;
  reads: CoalescedReads;
}

/**
 * Writes the body with `res.end`, not `res.send`: express's send would add its own weak ETag
 * (a hash of every body, the work the head-derived tag avoids) and answer 304 by `req.fresh`.
 */
function sendText(res: Response, type: CachedRead["contentType"], body: string): void {
  res.status(200).type(`${type}; charset=utf-8`).end(body);
}

/**
 * Answers a public read of `article`, whose head (epoch, seq) the route's mount has just read:
 * - private article: `private, no-store`, no ETag, the body read as usual;
 * - public: `Cache-Control: public, …` and a strong ETag from the head, the query and the
 *   representation; `304` when `If-None-Match` names it, decided without reading the body;
 *   otherwise the body, read once for every identical request in flight in this process.
 *
 * The head is read before the body, so a body is never older than the ETag it is sent with
 * (a client never keeps a stale body on a 304). A write between the two can make the body
 * newer than its tag; that costs one extra 200 on the next request, never a missed entry.
 */
export async function serveRead(
  deps: ServeReadDeps,
  input: { req: Request; res: Response; article: Article },
  spec: CachedRead,
): Promise<void> {
  const { req, res, article } = input;
  const query = normalisedQuery(spec.query);
  const shape = spec.shape.join(",");
  const access = article.private ? "private" : "public";
  const head: Head = { epoch: article.epoch, seq: article.seq };
  // The head is in the key: a request never joins a read that started before its own head read,
  // so what it is sent is at least as new as what it has already seen.
  const key = [article.id, query, shape, access, head.epoch, head.seq].join("\n");
  if (article.private) {
    res.set("Cache-Control", PRIVATE_CACHE_CONTROL);
    const { body } = await deps.reads.run(spec.representation, key, spec.read);
    sendText(res, spec.contentType, body);
    return;
  }
  res.set("Cache-Control", publicCacheControl(deps.config));
  const etag = strongEtag(head, spec.representation, query, shape);
  if (matchesIfNoneMatch(req.get("If-None-Match"), etag)) {
    res.status(304).set("ETag", etag).end();
    return;
  }
  const read = await deps.reads.run(spec.representation, key, spec.read);
  res.set("ETag", read.head ? strongEtag(read.head, spec.representation, query, shape) : etag);
  sendText(res, spec.contentType, read.body);
}
