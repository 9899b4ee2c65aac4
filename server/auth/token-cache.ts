import type { TokenRecord, TokenStore } from "./token-store.js";

export interface TokenCacheOptions {
  /** How long a verified token is trusted without asking Redis: a revocation's longest delay. */
  ttlMs: number;
  /** Tokens remembered at most; past it the oldest go first. @default 10_000 */
  maxEntries?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

/**
 * Remembers live tokens for `ttlMs`, so a newsroom posting hundreds of entries a second does
 * not read and parse its token's record from Redis for each one (a round trip, a SHA-256 and a
 * schema parse per request). Revocation still takes effect within `ttlMs` in every process
 * (at once through this store); an expiry, at its exact time. Unknown tokens are not
 * remembered: a token minted a moment ago works on its first request. `ttlMs` 0 turns it off.
 */
export function cacheTokens(store: TokenStore, options: TokenCacheOptions): TokenStore {
  const { ttlMs, maxEntries = 10_000, now = Date.now } = options;
  if (ttlMs <= 0) return store;
  // Keyed by the token itself: it is in this process's memory for the request anyway.
  const cache = new Map<string, { record: TokenRecord; until: number; expiresAt: number }>();
  return {
    ...store,
    async verify(token) {
      const time = now();
      const hit = cache.get(token);
      if (hit && time < hit.until) return time < hit.expiresAt ? hit.record : null;
      cache.delete(token);
      const record = await store.verify(token);
      if (!record) return null;
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value ?? "");
      const expiresAt = record.expiresAt ? Date.parse(record.expiresAt) : Infinity;
      cache.set(token, { record, until: time + ttlMs, expiresAt });
      return record;
    },
    async revoke(idOrName) {
      const revoked = await store.revoke(idOrName);
      cache.clear();
      return revoked;
    },
  };
}
