import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheTokens } from "../server/auth/token-cache.js";
import { createTokenStore } from "../server/auth/token-store.js";
import { startStack, testConfig, waitFor, type Stack } from "./helpers/stack.js";
import { dropPrefix } from "./helpers/drop-prefix.js";

describe("token cache: verified tokens are trusted for at most TOKEN_CACHE_MS", () => {
  const config = testConfig();
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(config.REDIS_URL);
  });
  afterAll(async () => {
    await dropPrefix(redis, config.KEY_PREFIX);
    redis.disconnect();
  });

  it("a revocation made elsewhere applies once the TTL is over; one made through it, at once", async () => {
    let now = 1_000_000;
    const elsewhere = createTokenStore(redis, config.KEY_PREFIX);
    const cached = cacheTokens(createTokenStore(redis, config.KEY_PREFIX), { ttlMs: 1_000, now: () => now });
    const { token, record } = await elsewhere.create({ name: "desk", articles: ["*"] });
    expect(await cached.verify(token)).toEqual(record);
    await elsewhere.revoke("desk");
    now += 999;
    expect(await cached.verify(token)).toEqual(record);
    now += 1;
    expect(await cached.verify(token)).toBeNull();

    const { token: other } = await elsewhere.create({ name: "night", articles: ["*"] });
    expect(await cached.verify(other)).not.toBeNull();
    await cached.revoke("night");
    expect(await cached.verify(other)).toBeNull();
  });

  it("remembers no unknown token, and an expiry applies at its exact time", async () => {
    let now = Date.now();
    const store = createTokenStore(redis, config.KEY_PREFIX);
    const cached = cacheTokens(store, { ttlMs: 1_000, now: () => now });
    const future = await store.create({ name: "temp", articles: ["*"] });
    // An unknown token is asked again next time: a token minted a moment later works at once.
    expect(await cached.verify("hrld_not-a-token")).toBeNull();
    const expiring = await store.create({ name: "late", articles: ["*"], expiresAt: new Date(now + 500) });
    expect(await cached.verify(expiring.token)).not.toBeNull();
    now += 500;
    expect(await cached.verify(expiring.token)).toBeNull();
    expect(await cached.verify(future.token)).not.toBeNull();
  });
});

describe("a revoked token is refused by the API within TOKEN_CACHE_MS", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("every POST sent a second or more after the revocation is refused", async () => {
    const articleId = await stack.createArticle();
    // A store of its own, as `npm run token -- revoke` in another process would use.
    const { token } = await stack.tokens.create({ name: "revoked-desk", articles: ["*"] });
    const post = async () => {
      const sentAt = Date.now();
      const res = await fetch(`${stack.url}/v1/articles/${articleId}/entries`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ body: "From the desk" }),
      });
      return { sentAt, status: res.status };
    };
    expect((await post()).status).toBe(202);
    await stack.tokens.revoke("revoked-desk");
    const revokedAt = Date.now();
    const answers: { sentAt: number; status: number }[] = [];
    await waitFor(async () => {
      const answer = await post();
      answers.push(answer);
      return answer.status === 401 && answer.sentAt >= revokedAt + stack.config.TOKEN_CACHE_MS;
    }, 5_000);
    const late = answers.filter((a) => a.sentAt >= revokedAt + stack.config.TOKEN_CACHE_MS);
    expect(late.map((a) => a.status)).toEqual(late.map(() => 401));
    expect(answers.every((a) => a.status === 202 || a.status === 401)).toBe(true);
  });
});
