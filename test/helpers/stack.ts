import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { Redis } from "ioredis";
import { loadConfig, type Config } from "../../platform/config.js";
import { createLogger, type Logger } from "../../platform/logger.js";
import { startServer, type HeraldServer } from "../../server/create-server.js";
import { startWorker, type HeraldWorker } from "../../workers/start-worker.js";
import { createTokenStore, type TokenStore } from "../../server/auth/token-store.js";
import { patient } from "./patience.js";
import { dropPrefix } from "./drop-prefix.js";

// A parsed response body: each test asserts the shape it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A config on the test Redis with a prefix of its own, so test files run in parallel. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    REDIS_URL: inject("redisUrl"),
    KEY_PREFIX: `t${randomBytes(5).toString("hex")}:`,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    WORKER_CONCURRENCY: "8",
    ...overrides,
  });
}

export interface Stack {
  config: Config;
  logger: Logger;
  server: HeraldServer;
  workers: HeraldWorker[];
  url: string;
  /** A token that may write every article (an editor, not an operator). */
  token: string;
  /** An operator token (`--operator`): webhooks, the audit of all, the queue dashboard. */
  operatorToken: string;
  tokens: TokenStore;
  redis: Redis;
  /** Calls the HTTP API with the editor token; `body` is sent as JSON. */
  // Responses are whatever the server sent; each test asserts the shape it expects.
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Json; headers: Headers }>;
  /** As `api`, with the operator token. */
  operatorApi: Stack["api"];
  /** Creates a live article and returns its id. */
  createArticle(articleId?: string, title?: string): Promise<string>;
  close(): Promise<void>;
}

/** An editor token that may write every article, and an operator token (`--operator`). */
export async function createTestTokens(
  tokens: TokenStore,
): Promise<{ token: string; operatorToken: string }> {
  const { token } = await tokens.create({ name: "test-editor", articles: ["*"] });
  const { token: operatorToken } = await tokens.create({
    name: "test-operator",
    articles: ["*"],
    operator: true,
  });
  return { token, operatorToken };
}

/** Calls a Herald server's HTTP API as `bearer`; `body` is sent as JSON (a string as it is). */
export async function callApi(
  baseUrl: string,
  bearer: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** Starts a real server and `workers` real workers in this process, on a private prefix and port 0. */
export async function startStack(
  options: { workers?: number; config?: Record<string, string> } = {},
): Promise<Stack> {
  const config = testConfig(options.config);
  const logger = createLogger({ level: config.LOG_LEVEL, name: "test" });
  const workers: HeraldWorker[] = [];
  for (let i = 0; i < (options.workers ?? 1); i++) workers.push(await startWorker(config, logger));
  const server = await startServer(config, logger);
  const redis = new Redis(config.REDIS_URL);
  redis.on("error", () => undefined); // fault tests stop Redis on purpose
  const tokens = createTokenStore(redis, config.KEY_PREFIX);
  const { token, operatorToken } = await createTestTokens(tokens);
  const callAs =
    (bearer: string): Stack["api"] =>
    (method, path, body, headers) =>
      callApi(server.url, bearer, method, path, body, headers);
  const api = callAs(token);

  return {
    config,
    logger,
    server,
    workers,
    url: server.url,
    token,
    operatorToken,
    tokens,
    redis,
    api,
    operatorApi: callAs(operatorToken),
    async createArticle(articleId = `art-${randomBytes(4).toString("hex")}`, title = "Live: test coverage") {
      const res = await api("PUT", `/v1/articles/${articleId}`, { title });
      if (res.status !== 201 && res.status !== 200)
        throw new Error(`PUT article: ${res.status} ${JSON.stringify(res.body)}`);
      return articleId;
    },
    async close() {
      await server.close();
      await Promise.all(workers.map((w) => w.close()));
      await dropPrefix(redis, config.KEY_PREFIX);
      redis.disconnect();
    },
  };
}

/**
 * Waits until `count()` reaches `target`, failing only when it has not grown for `stallMs`
 * (stretched for a busy machine): thousands of readers in one test process come up at the
 * pace the CPU allows, so the bound is on a hang, not on the total time. The error says how
 * far it got.
 */
export async function waitForAll(
  count: () => number,
  target: number,
  stallMs: number,
  what: string,
): Promise<void> {
  let best = count();
  let stalledSince = Date.now();
  while (best < target) {
    await new Promise((r) => setTimeout(r, 50));
    const now = count();
    if (now > best) {
      best = now;
      stalledSince = Date.now();
    } else if (Date.now() - stalledSince > patient(stallMs)) {
      throw new Error(
        `timed out waiting for ${what}: ${best} of ${target}, none more for ${patient(stallMs)} ms`,
      );
    }
  }
}

/** waitForAll over a list: until every item passes `done`, failing only on a stall. */
export function waitForEvery<T>(
  items: readonly T[],
  done: (item: T) => boolean,
  stallMs: number,
  what: string,
): Promise<void> {
  return waitForAll(() => items.filter(done).length, items.length, stallMs, what);
}

/**
 * Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`
 * stretched for a busy machine (`patient`).
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<Exclude<T, false | undefined | null>> {
  const deadline = Date.now() + patient(timeoutMs);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null)
      return value as Exclude<T, false | undefined | null>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
