import { randomBytes } from "node:crypto";
import type { RedisClient } from "../../platform/redis.js";
import type * as Jose from "jose";

const ISSUER = "herald";
const AUDIENCE = "herald-reader";

export interface ReaderTokens {
  /** A signed token that lets its holder read one private article until it expires. */
  mint(articleId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: string }>;
  /** When the token is valid for this article: its expiry (ms since epoch); otherwise null. */
  verify(token: string | undefined, articleId: string): Promise<number | null>;
}

/** jose on first use, not at start-up: most servers never see a private article. */
let joseModule: Promise<typeof Jose> | null = null;
const jose = () => (joseModule ??= import("jose"));

/**
 * Short-lived reader tokens for private articles: HS256 JWTs (jose) bound to one article.
 * The secret is READER_TOKEN_SECRET, or one made once and kept in Redis so that every
 * process on it agrees (deleting it there, and restarting, revokes every reader token).
 */
export function createReaderTokens(redis: RedisClient, keyPrefix: string, configured?: string): ReaderTokens {
  let secret: Promise<Uint8Array> | null = null;
  const key = () => {
    secret ??= (async () => {
      if (configured) return new TextEncoder().encode(configured);
      const redisKey = `${keyPrefix}reader-token-secret`;
      await redis.set(redisKey, randomBytes(48).toString("base64url"), "NX");
      const stored = await redis.get(redisKey);
      if (!stored) throw new Error("reader-token secret missing in Redis");
      return new TextEncoder().encode(stored);
    })().catch((err: unknown) => {
      secret = null; // try again next time (RedisClient may be back)
      throw err;
    });
    return secret;
  };
  return {
    async mint(articleId, ttlSeconds) {
      const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
      const { SignJWT } = await jose();
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(articleId)
        .setIssuedAt()
        .setExpirationTime(expires)
        .sign(await key());
      return { token, expiresAt: new Date(expires * 1000).toISOString() };
    },
    async verify(token, articleId) {
      if (!token || token.length > 2_000) return null;
      try {
        const { jwtVerify } = await jose();
        const { payload } = await jwtVerify(token, await key(), {
          issuer: ISSUER,
          audience: AUDIENCE,
          subject: articleId,
          algorithms: ["HS256"],
        });
        return typeof payload.exp === "number" ? payload.exp * 1000 : null;
      } catch {
        return null;
      }
    },
  };
}
