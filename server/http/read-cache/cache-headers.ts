import { createHash } from "node:crypto";
import type { Config } from "../../../platform/config.js";

/** Where an article's log stands: what every public read's ETag is derived from. */
export interface Head {
  epoch: string;
  seq: number;
}

/** A private article's answers: kept by no cache, shared or not. */
export const PRIVATE_CACHE_CONTROL = "private, no-store";

/**
 * A public read's `Cache-Control`: fresh for about a second at the CDN (`s-maxage`) and in the
 * browser (`max-age`), then served stale while one request refreshes it, or while Herald fails.
 */
export function publicCacheControl(
  config: Pick<Config, "READ_CACHE_MAX_AGE_S" | "READ_CACHE_SWR_S" | "READ_CACHE_STALE_IF_ERROR_S">,
): string {
  const age = config.READ_CACHE_MAX_AGE_S;
  return [
    "public",
    `max-age=${age}`,
    `s-maxage=${age}`,
    `stale-while-revalidate=${config.READ_CACHE_SWR_S}`,
    `stale-if-error=${config.READ_CACHE_STALE_IF_ERROR_S}`,
  ].join(", ");
}

/**
 * Bump when a representation's body changes shape for the same head (a deploy that changes the
 * JSON or the page): clients holding the old ETag then get the new body, not a 304.
 */
const FORMAT_VERSION = "3"; // 2: embed.html links its feeds; 3: entries carry version and corrections

/** `limit=20&before=…`, keys sorted, absent ones left out: equal queries give equal text. */
export function normalisedQuery(query: Record<string, string | number | undefined>): string {
  return Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
}

/**
 * A strong ETag: the head seq in clear (for people reading logs), then a digest of the epoch,
 * the representation, the normalised query and the settings that shape the body. Two answers
 * with one ETag are the same bytes, because the body is a function of exactly these.
 */
export function strongEtag(head: Head, representation: string, query: string, shape: string): string {
  const digest = createHash("sha256")
    .update([FORMAT_VERSION, head.epoch, representation, query, shape].join("\0"))
    .digest("base64url")
    .slice(0, 16);
  return `"${head.seq}.${digest}"`;
}

/**
 * True when `If-None-Match` names `etag` or `*`. Compared by hand rather than with express's
 * `req.fresh`, which calls every request that carries `Cache-Control: no-cache` stale, and
 * fetch() adds that header to every conditional request it makes. A weak form of our tag
 * (`W/"…"`, as some proxies rewrite it when they compress) matches too: If-None-Match uses
 * the weak comparison (RFC 9110 §13.1.2).
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim().replace(/^W\//, "");
    return t === etag || t === "*";
  });
}
