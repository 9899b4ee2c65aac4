import type { Redis } from "ioredis";
import { updateSchema, type Update } from "../protocol/index.js";
import { articleKeys } from "./keys.js";

export type UpdatesRead =
  | { status: "ok"; epoch: string; seq: number; updates: Update[] }
  /** `since` is older than the kept log, ahead of the head, or from another epoch. */
  | { status: "gone"; epoch: string; seq: number; reason: "expired" | "ahead" | "epoch" }
  | { status: "not_found" };

/**
 * The log after `since`, oldest first, read in one MULTI so head, epoch and records agree.
 * At most `limit` records: a caller that gets fewer than `seq - since` asks again.
 */
export async function readUpdatesSince(
  redis: Redis,
  prefix: string,
  articleId: string,
  query: { since: number; epoch?: string; limit: number },
): Promise<UpdatesRead> {
  const keys = articleKeys(prefix, articleId);
  const replies = await redis
    .multi()
    .hmget(keys.meta, "epoch", "seq")
    .zrange(keys.log, "0", "0", "WITHSCORES")
    .zrangebyscore(keys.log, `(${query.since}`, "+inf", "LIMIT", 0, query.limit)
    .exec();
  if (!replies) throw new Error("readUpdatesSince: transaction aborted");
  for (const [err] of replies) if (err) throw err;
  const [epoch, seqText] = replies[0]![1] as [string | null, string | null];
  const oldest = replies[1]![1] as string[];
  const records = replies[2]![1] as string[];
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
