import { readFileSync } from "node:fs";
import type { RedisClient } from "../platform/redis.js";
import { entrySchema, type Entry } from "../protocol/index.js";
import { articleKeys } from "./keys.js";

const SCRIPT = readFileSync(new URL("./read-entry-page.lua", import.meta.url), "utf8");

export interface EntryPageQuery {
  limit: number;
  /** An opaque cursor from a previous page: entries published before it. */
  before?: string | undefined;
  /**
   * Stop before the entry that would take the page's bytes past this (at least one is always
   * read); `nextCursor` then leads on from there. @default no cap
   */
  maxBytes?: number;
}

interface PageCommand {
  heraldReadEntryPage(...args: (string | number)[]): Promise<[string[], string | null]>;
}

function definePage(redis: RedisClient): RedisClient & PageCommand {
  const withCommand = redis as RedisClient & Partial<PageCommand>;
  if (!withCommand.heraldReadEntryPage) {
    redis.defineCommand("heraldReadEntryPage", { numberOfKeys: 2, lua: SCRIPT });
  }
  return withCommand as RedisClient & PageCommand;
}

/** Entries listed in one index (order, pinned, key events), highest score first, in one script. */
async function readIndexed(
  redis: RedisClient,
  index: string,
  entries: string,
  query: EntryPageQuery,
): Promise<{ entries: Entry[]; nextCursor?: string }> {
  const [raw, cursor] = await definePage(redis).heraldReadEntryPage(
    index,
    entries,
    query.before === undefined ? "+inf" : `(${query.before}`,
    query.limit,
    // Lua numbers are doubles: an "infinite" budget is any number past every page's size.
    query.maxBytes ?? Number.MAX_SAFE_INTEGER,
  );
  const list = raw.map((r) => entrySchema.parse(JSON.parse(r)));
  return cursor ? { entries: list, nextCursor: cursor } : { entries: list };
}

/**
 * Live entries newest first, paged by cursor: at most `limit` entries and about `maxBytes` of
 * them. Retracted entries are not listed.
 */
export async function readEntryPage(
  redis: RedisClient,
  prefix: string,
  articleId: string,
  query: EntryPageQuery,
): Promise<{ entries: Entry[]; nextCursor?: string }> {
  const keys = articleKeys(prefix, articleId);
  return readIndexed(redis, keys.order, keys.entries, query);
}

/** The pinned and key-event entries, newest first: at most `limit` and about `maxBytes` of each. */
export async function readHighlights(
  redis: RedisClient,
  prefix: string,
  articleId: string,
  options: { limit?: number; maxBytes?: number } = {},
): Promise<{ pinned: Entry[]; keyEvents: Entry[] }> {
  const keys = articleKeys(prefix, articleId);
  const query = { limit: options.limit ?? 100, ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) };
  const [pinned, keyEvents] = await Promise.all([
    readIndexed(redis, keys.pinned, keys.entries, query),
    readIndexed(redis, keys.keyEvents, keys.entries, query),
  ]);
  return { pinned: pinned.entries, keyEvents: keyEvents.entries };
}
