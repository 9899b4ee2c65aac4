import { readFileSync } from "node:fs";
import type { RedisClient } from "../platform/redis.js";
import { updateSchema, type Update } from "../protocol/index.js";
import { articleKeys } from "./keys.js";

const SCRIPT = readFileSync(new URL("./read-updates.lua", import.meta.url), "utf8");

export type UpdatesRead =
  | { status: "ok"; epoch: string; seq: number; updates: Update[] }
  /** `since` is older than the kept log, ahead of the head, or from another epoch. */
  | { status: "gone"; epoch: string; seq: number; reason: "expired" | "ahead" | "epoch" }
  | { status: "not_found" };

export interface UpdatesQuery {
  since: number;
  epoch?: string | undefined;
  /** At most this many records. */
  limit: number;
  /**
   * Stop before the record that would take the records' bytes past this (at least one is
   * always read, so a caller paging on moves forward). @default no cap
   */
  maxBytes?: number;
}

type Reply = [[string | null, string | null], string[], string[]];

interface ReadCommand {
  heraldReadUpdates(...args: (string | number)[]): Promise<Reply>;
}

function defineRead(redis: RedisClient): RedisClient & ReadCommand {
  const withCommand = redis as RedisClient & Partial<ReadCommand>;
  if (!withCommand.heraldReadUpdates) {
    redis.defineCommand("heraldReadUpdates", { numberOfKeys: 2, lua: SCRIPT });
  }
  return withCommand as RedisClient & ReadCommand;
}

/**
 * The log after `since`, oldest first, read in one script so head, epoch and records agree.
 * At most `limit` records and about `maxBytes` of them: a caller that gets fewer than
 * `seq - since` asks again from the last one.
 */
export async function readUpdatesSince(
  redis: RedisClient,
  prefix: string,
  articleId: string,
  query: UpdatesQuery,
): Promise<UpdatesRead> {
  const keys = articleKeys(prefix, articleId);
  const [[epoch, seqText], oldest, records] = await defineRead(redis).heraldReadUpdates(
    keys.meta,
    keys.log,
    query.since,
    query.limit,
    // Lua numbers are doubles: an "infinite" budget is any number past every log's size.
    query.maxBytes ?? Number.MAX_SAFE_INTEGER,
  );
  if (epoch === null) return { status: "not_found" };
  const seq = Number(seqText ?? 0);
  if (query.epoch !== undefined && query.epoch !== epoch) {
    return { status: "gone", epoch, seq, reason: "epoch" };
  }
  if (query.since > seq) return { status: "gone", epoch, seq, reason: "ahead" };
  const firstKept = oldest.length === 2 ? Number(oldest[1]) : seq + 1;
  if (query.since < seq && query.since < firstKept - 1) {
    return { status: "gone", epoch, seq, reason: "expired" };
  }
  return {
    status: "ok",
    epoch,
    seq,
    updates: records.map((r) => updateSchema.parse(JSON.parse(r))),
  };
}
