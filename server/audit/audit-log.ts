import type { RedisClient } from "../../platform/redis.js";
import { auditRecordSchema, type AuditRecord } from "../../protocol/audit.js";

export type AuditInput = Omit<AuditRecord, "id" | "at">;

/** The actor of an audit record: a token's id and name, never the token itself. */
export function actorOf(token: { id: string; name: string }): AuditRecord["actor"] {
  return { tokenId: token.id, name: token.name };
}

/** How many records each stream keeps (approximately: Redis trims whole nodes). */
const GLOBAL_MAX = 100_000;
const PER_ARTICLE_MAX = 10_000;

function globalKey(prefix: string) {
  return `${prefix}audit`;
}
function articleKey(prefix: string, articleId: string) {
  return `${prefix}a:{${articleId}}:audit`;
}

export interface AuditLog {
  record(input: AuditInput): Promise<void>;
  /** Newest first; `before` is a record id from a previous page. */
  list(query: {
    articleId?: string | undefined;
    limit: number;
    before?: string | undefined;
  }): Promise<AuditRecord[]>;
}

/**
 * Who did what, when: every editor action, in Redis streams (one for everything, one per
 * article), trimmed to a bounded length.
 */
export function createAuditLog(redis: RedisClient, prefix: string): AuditLog {
  return {
    async record(input) {
      const data = JSON.stringify({ ...input, at: new Date().toISOString() });
      // Two commands, not one MULTI: on a Redis Cluster the global stream and the article's
      // (in the article's hash tag) live in different slots, which no transaction may span.
      await Promise.all([
        redis.xadd(globalKey(prefix), "MAXLEN", "~", GLOBAL_MAX, "*", "r", data),
        redis.xadd(articleKey(prefix, input.articleId), "MAXLEN", "~", PER_ARTICLE_MAX, "*", "r", data),
      ]);
    },
    async list({ articleId, limit, before }) {
      const key = articleId ? articleKey(prefix, articleId) : globalKey(prefix);
      const end = before ? `(${before}` : "+";
      const rows = await redis.xrevrange(key, end, "-", "COUNT", limit);
      return rows.map(([id, fields]) =>
        auditRecordSchema.parse({ ...(JSON.parse(fields[1] ?? "{}") as object), id }),
      );
    },
  };
}
