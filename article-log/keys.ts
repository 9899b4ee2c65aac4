/**
 * Redis key names of one article. The `{articleId}` hash tag keeps an article's keys in one
 * slot, so the atomic apply script runs unchanged on Redis Cluster / Valkey.
 * Callers pass ids already checked against the contract's pattern.
 */
export interface ArticleKeys {
  meta: string;
  log: string;
  entries: string;
  order: string;
  pinned: string;
  keyEvents: string;
  ops: string;
  /** Entry ids the API accepted, so a correction can be queued before its create is applied. */
  accepted: string;
  /** Entries accepted with a future `publishAt`, scored by it, until they go out. */
  scheduled: string;
  /** Labelled corrections, scored by time: what `GET …/corrections` lists. */
  corrections: string;
}

export function articleKeys(prefix: string, articleId: string): ArticleKeys {
  const base = `${prefix}a:{${articleId}}:`;
  return {
    meta: `${base}meta`,
    log: `${base}log`,
    entries: `${base}entries`,
    order: `${base}order`,
    pinned: `${base}pinned`,
    keyEvents: `${base}keys`,
    ops: `${base}ops`,
    accepted: `${base}accepted`,
    scheduled: `${base}scheduled`,
    corrections: `${base}corrections`,
  };
}

/** The idempotency record of one `Idempotency-Key` of one token on one article. */
export function idempotencyKey(prefix: string, articleId: string, tokenId: string, key: string) {
  return `${prefix}a:{${articleId}}:idem:${tokenId}:${key}`;
}
