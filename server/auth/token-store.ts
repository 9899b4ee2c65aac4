import { createHash, randomBytes } from "node:crypto";
import type { RedisClient } from "../../platform/redis.js";
import { z } from "zod";
import { ARTICLE_PATTERN, matchesPattern } from "../../protocol/index.js";
import { TOKEN_ROLES, type TokenRole } from "../../protocol/draft.js";

/** Editor tokens start with this, so a leaked one is easy to find in code and logs. */
export const TOKEN_PREFIX = "hrld_";

export const tokenRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Article id patterns this token may write: `*` is any run of id characters. */
  articles: z.array(z.string()).min(1),
  /**
   * Operators manage Herald itself: webhooks, the audit log of every article, the queue
   * dashboard. Apart from the articles a token may write; records from before it are not.
   */
  operator: z.boolean().default(false),
  /** A contributor's entries wait as drafts for an editor (protocol/draft.ts); records from before it are editors. */
  role: z.enum(TOKEN_ROLES).default("editor"),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
});
export type TokenRecord = z.infer<typeof tokenRecordSchema>;

function tokensKey(prefix: string) {
  return `${prefix}tokens`;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function tokenAllows(record: TokenRecord, articleId: string): boolean {
  return record.articles.some((pattern) => matchesPattern(pattern, articleId));
}

export interface TokenStore {
  create(input: {
    name: string;
    articles: string[];
    /** @default false */
    operator?: boolean;
    /** @default "editor" */
    role?: TokenRole;
    expiresAt?: Date;
  }): Promise<{ token: string; record: TokenRecord }>;
  /** The record of a live token; null when unknown, revoked or expired. */
  verify(token: string): Promise<TokenRecord | null>;
  list(): Promise<TokenRecord[]>;
  /** Revokes by id or name; returns how many tokens stopped working. */
  revoke(idOrName: string): Promise<number>;
}

/** Editor tokens, stored only as SHA-256 hashes in one Redis hash. */
export function createTokenStore(redis: RedisClient, prefix: string): TokenStore {
  const key = tokensKey(prefix);
  const all = async () => {
    const raw = await redis.hgetall(key);
    return Object.entries(raw).map(([hash, json]) => ({
      hash,
      record: tokenRecordSchema.parse(JSON.parse(json)),
    }));
  };
  return {
    async create({ name, articles, operator = false, role = "editor", expiresAt }) {
      for (const pattern of articles) {
        if (!ARTICLE_PATTERN.test(pattern)) throw new Error(`Invalid article pattern: ${pattern}`);
      }
      if (operator && role === "contributor") throw new Error("A contributor token cannot be an operator");
      const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
      const record: TokenRecord = {
        id: randomBytes(6).toString("hex"),
        name,
        articles,
        operator,
        role,
        createdAt: new Date().toISOString(),
        ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
      };
      await redis.hset(key, hashToken(token), JSON.stringify(record));
      return { token, record };
    },
    async verify(token) {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
      const raw = await redis.hget(key, hashToken(token));
      if (!raw) return null;
      const record = tokenRecordSchema.parse(JSON.parse(raw));
      if (record.expiresAt && Date.parse(record.expiresAt) <= Date.now()) return null;
      return record;
    },
    async list() {
      return (await all()).map((t) => t.record).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async revoke(idOrName) {
      const hashes = (await all())
        .filter((t) => t.record.id === idOrName || t.record.name === idOrName)
        .map((t) => t.hash);
      return hashes.length ? redis.hdel(key, ...hashes) : 0;
    },
  };
}
