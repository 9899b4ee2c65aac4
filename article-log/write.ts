import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { RedisClient } from "../platform/redis.js";
import { updateSchema, articleSchema, type Update, type Article } from "../protocol/index.js";
import { articleKeys } from "./keys.js";
import type { Operation } from "./operation.js";
import { byteLength, renderMarkdown } from "./render-markdown.js";

/*
 * The only code that writes an article's keys. The HTTP layer never imports this module: it
 * reads through ./read.js and hands changes to the queue (queue/accept-operation.ts) or to
 * the one apply-and-publish step (publish/apply-and-publish.ts).
 */

const SCRIPT = readFileSync(new URL("./apply-operation.lua", import.meta.url), "utf8");

export type ApplyResult =
  /** A new seq: `update` is its log record, to publish. */
  | { status: "applied"; seq: number; update: Update }
  /** Applied before (a retried job): `update` is the same record, to publish again, if still kept. */
  | { status: "duplicate"; seq: number; update: Update | null }
  /** The article was created; creation itself is not a change readers need (seq stays 0). */
  | { status: "created"; seq: 0; article: Article }
  /** Nothing changed: same title and status, or an entry already retracted. */
  | { status: "unchanged"; seq: number }
  /** Nothing changed: the op's `ifVersion` (If-Match) is not the entry's `version`, given here. */
  | { status: "stale"; seq: 0; version: number }
  | { status: "error"; code: ApplyErrorCode };

/**
 * `entry_pending` is transient (the entry's create is still queued); the others are final.
 */
export type ApplyErrorCode =
  | "article_not_found"
  | "entry_not_found"
  | "entry_pending"
  | "entry_exists"
  | "entry_too_large"
  | "unknown_operation";

type Reply = [string, number | string, string?];

interface ApplyCommand {
  heraldApply(...args: (string | number)[]): Promise<Reply>;
}

/** A fresh epoch id: names one life of an article's log. */
export function newEpoch(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

function defineApply(redis: RedisClient): RedisClient & ApplyCommand {
  const withCommand = redis as RedisClient & Partial<ApplyCommand>;
  if (!withCommand.heraldApply) {
    redis.defineCommand("heraldApply", { numberOfKeys: 10, lua: SCRIPT });
  }
  return withCommand as RedisClient & ApplyCommand;
}

/** The HTML of a new body, rendered here and only here; null when it is over `maxBytes`. */
function htmlOf(body: string, maxBytes: number): string | null {
  const html = renderMarkdown(body);
  return byteLength(html) > maxBytes ? null : html;
}

/** The script's payload; null when the entry's HTML would be over `htmlMaxBytes`. */
function payloadOf(op: Operation, htmlMaxBytes: number): string | null {
  switch (op.kind) {
    case "entry.create": {
      const html = htmlOf(op.fields.body, htmlMaxBytes);
      return html === null ? null : JSON.stringify({ ...op.fields, html });
    }
    case "entry.update": {
      const patch = { ...op.patch, ...(op.ifVersion === undefined ? {} : { ifVersion: op.ifVersion }) };
      if (op.patch.body === undefined) return JSON.stringify(patch);
      const html = htmlOf(op.patch.body, htmlMaxBytes);
      return html === null ? null : JSON.stringify({ ...patch, html });
    }
    case "entry.delete":
      return JSON.stringify(op.ifVersion === undefined ? {} : { ifVersion: op.ifVersion });
    case "article.put":
      return JSON.stringify({
        id: op.articleId,
        title: op.title,
        status: op.status ?? null,
        private: op.private ?? null,
      });
  }
}

export interface ApplyOptions {
  /** Records the log keeps (`LOG_RETENTION`). */
  retention: number;
  /** An entry whose body renders to more HTML than this fails with `entry_too_large`. @default no cap */
  htmlMaxBytes?: number;
  /**
   * A Redis Cluster with asynchronous replication: the first apply to an article after its
   * primary changed (a failover) starts a new epoch (apply-operation.lua says why).
   */
  watchFailover?: boolean;
  /** A duplicate writes again, so that a `WAIT` on this connection covers the first apply. */
  rewriteDuplicate?: boolean;
  now?: Date;
}

/**
 * Applies one operation to the article log in one atomic script: renders a new body to HTML,
 * assigns the next seq, updates the entry state and indexes, appends the record, trims the
 * log. Applying the same `opId` again changes nothing and returns the original seq and record.
 * An entry's create, whatever its outcome, takes the entry off the scheduled index: it has run.
 */
export async function applyOperation(
  redis: RedisClient,
  prefix: string,
  op: Operation,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const keys = articleKeys(prefix, op.articleId);
  const payload = payloadOf(op, options.htmlMaxBytes ?? Infinity);
  if (payload === null) {
    // Final: a scheduled entry that can never go out leaves the editor's list.
    if (op.kind === "entry.create") await redis.zrem(keys.scheduled, op.entryId);
    return { status: "error", code: "entry_too_large" };
  }
  const now = options.now ?? new Date();
  const entryId = "entryId" in op ? op.entryId : "";
  const publishAt = op.kind === "entry.create" && op.publishAt ? new Date(op.publishAt) : null;
  const reply = await defineApply(redis).heraldApply(
    keys.meta,
    keys.log,
    keys.entries,
    keys.order,
    keys.pinned,
    keys.keyEvents,
    keys.ops,
    keys.scheduled,
    keys.accepted,
    keys.corrections,
    op.opId,
    op.kind,
    entryId,
    payload,
    now.toISOString(),
    now.getTime(),
    options.retention,
    newEpoch(),
    publishAt ? publishAt.toISOString() : "",
    publishAt ? publishAt.getTime() : 0,
    options.watchFailover ? "1" : "",
    options.rewriteDuplicate ? "1" : "",
  );
  const [status, value, record] = reply;
  switch (status) {
    case "applied":
      return { status, seq: Number(value), update: updateSchema.parse(JSON.parse(record ?? "")) };
    case "duplicate":
      return {
        status,
        seq: Number(value),
        update: record ? updateSchema.parse(JSON.parse(record)) : null,
      };
    case "created":
      return { status, seq: 0, article: articleSchema.parse(JSON.parse(record ?? "")) };
    case "unchanged":
      return { status, seq: Number(value) };
    case "stale":
      return { status, seq: 0, version: Number(value) };
    default:
      return { status: "error", code: String(value) as ApplyErrorCode };
  }
}

/**
 * Records an entry the API accepted (before its job is queued): corrections and retractions
 * may then be queued before its create is applied. With `publishAt` in the future the entry is
 * also indexed as scheduled, scored by that time, until its create runs or it is cancelled.
 */
export async function recordAccepted(
  redis: RedisClient,
  prefix: string,
  entry: { articleId: string; entryId: string; scheduledFor?: Date },
): Promise<void> {
  const keys = articleKeys(prefix, entry.articleId);
  if (!entry.scheduledFor) {
    await redis.sadd(keys.accepted, entry.entryId);
    return;
  }
  await redis
    .multi()
    .sadd(keys.accepted, entry.entryId)
    .zadd(keys.scheduled, entry.scheduledFor.getTime(), entry.entryId)
    .exec();
}

/** Forgets an accepted entry that will never be applied: a scheduled entry cancelled in time. */
export async function forgetAccepted(
  redis: RedisClient,
  prefix: string,
  articleId: string,
  entryId: string,
): Promise<void> {
  const keys = articleKeys(prefix, articleId);
  await redis.multi().srem(keys.accepted, entryId).zrem(keys.scheduled, entryId).exec();
}

/** Takes entries off the scheduled index whose jobs ended without applying (failed for good). */
export async function forgetScheduled(
  redis: RedisClient,
  prefix: string,
  articleId: string,
  entryIds: string[],
): Promise<void> {
  if (entryIds.length > 0) await redis.zrem(articleKeys(prefix, articleId).scheduled, ...entryIds);
}
