import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { startReader } from "./helpers/reader.js";

interface Case {
  name: string;
  method: string;
  path: (articleId: string, entryId: string) => string;
  body?: string;
  headers?: Record<string, string>;
  /** Send no Authorization header (or the one in `headers`). */
  anonymous?: boolean;
  status: number;
  code: string;
}

const JSON_TYPE = { "content-type": "application/json" };
const entries = (a: string) => `/v1/articles/${a}/entries`;

const CASES: Case[] = [
  {
    name: "malformed JSON",
    method: "POST",
    path: entries,
    body: '{"body": "x"',
    headers: JSON_TYPE,
    status: 400,
    code: "invalid_json",
  },
  {
    name: "wrong content type",
    method: "POST",
    path: entries,
    body: "body=x",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "text/plain JSON",
    method: "POST",
    path: entries,
    body: '{"body":"x"}',
    headers: { "content-type": "text/plain" },
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "oversized body",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: "x".repeat(70_000) }),
    headers: JSON_TYPE,
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "empty entry body",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: "   " }),
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "missing entry body",
    method: "POST",
    path: entries,
    body: "{}",
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "too-long entry body",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: "x".repeat(20_001) }),
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "body not a string",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: 42 }),
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "10,000-deep nesting",
    method: "POST",
    path: entries,
    body: `{"body":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "10,000-deep nesting in an unknown field",
    method: "POST",
    path: entries,
    body: `{"body":"x","extra":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`,
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "JSON array as body",
    method: "POST",
    path: entries,
    body: "[1,2]",
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "unknown field",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: "x", sticky: true }),
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "__proto__ key",
    method: "POST",
    path: entries,
    body: '{"body":"x","__proto__":{"admin":true}}',
    headers: JSON_TYPE,
    status: 400,
    code: "forbidden_key",
  },
  {
    name: "nested constructor key",
    method: "POST",
    path: entries,
    body: '{"body":"x","author":{"name":"a","constructor":{"prototype":1}}}',
    headers: JSON_TYPE,
    status: 400,
    code: "forbidden_key",
  },
  {
    name: "control characters in the title",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: "x", title: "a\u0000b" }),
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "lone surrogate",
    method: "POST",
    path: entries,
    body: '{"body":"x \\ud800 y"}',
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "bad publishAt",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: "x", publishAt: "tomorrow" }),
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "bad article id",
    method: "POST",
    path: () => entries("a*b"),
    body: JSON.stringify({ body: "x" }),
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "article id with a colon",
    method: "GET",
    path: () => "/v1/articles/a:b",
    status: 400,
    code: "validation_failed",
  },
  {
    name: "129-character article id",
    method: "GET",
    path: () => `/v1/articles/${"a".repeat(129)}`,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "path traversal id",
    method: "GET",
    path: () => "/v1/articles/..%2Fx/entries",
    status: 400,
    code: "validation_failed",
  },
  {
    name: "unknown article",
    method: "POST",
    path: () => entries("no-such-article"),
    body: JSON.stringify({ body: "x" }),
    headers: JSON_TYPE,
    status: 404,
    code: "article_not_found",
  },
  {
    name: "unknown article (read)",
    method: "GET",
    path: () => "/v1/articles/no-such-article",
    status: 404,
    code: "article_not_found",
  },
  {
    name: "unknown entry (correct)",
    method: "PATCH",
    path: (a) => `${entries(a)}/nope`,
    body: JSON.stringify({ body: "x" }),
    headers: JSON_TYPE,
    status: 404,
    code: "entry_not_found",
  },
  {
    name: "unknown entry (retract)",
    method: "DELETE",
    path: (a) => `${entries(a)}/nope`,
    status: 404,
    code: "entry_not_found",
  },
  {
    name: "empty correction",
    method: "PATCH",
    path: (a, e) => `${entries(a)}/${e}`,
    body: "{}",
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "missing token",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: "x" }),
    headers: JSON_TYPE,
    anonymous: true,
    status: 401,
    code: "unauthorized",
  },
  {
    name: "garbage token",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: "x" }),
    headers: { ...JSON_TYPE, authorization: "Bearer hrld_garbage" },
    anonymous: true,
    status: 401,
    code: "unauthorized",
  },
  {
    name: "not a bearer token",
    method: "POST",
    path: entries,
    body: JSON.stringify({ body: "x" }),
    headers: { ...JSON_TYPE, authorization: "Basic YTpi" },
    anonymous: true,
    status: 401,
    code: "unauthorized",
  },
  {
    name: "since not a number",
    method: "GET",
    path: (a) => `/v1/articles/${a}/updates?since=abc`,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "negative since",
    method: "GET",
    path: (a) => `/v1/articles/${a}/updates?since=-1`,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "huge since",
    method: "GET",
    path: (a) => `/v1/articles/${a}/updates?since=1e400`,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "missing since",
    method: "GET",
    path: (a) => `/v1/articles/${a}/updates`,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "limit zero",
    method: "GET",
    path: (a) => `${entries(a)}?limit=0`,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "limit NaN",
    method: "GET",
    path: (a) => `${entries(a)}?limit=NaN`,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "garbage cursor",
    method: "GET",
    path: (a) => `${entries(a)}?before=zzz`,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "unknown query parameter",
    method: "GET",
    path: (a) => `${entries(a)}?foo=1`,
    status: 400,
    code: "validation_failed",
  },
  {
    name: "bad article status",
    method: "PUT",
    path: (a) => `/v1/articles/${a}`,
    body: JSON.stringify({ title: "t", status: "paused" }),
    headers: JSON_TYPE,
    status: 400,
    code: "validation_failed",
  },
  { name: "unknown route", method: "GET", path: () => "/v1/nothing-here", status: 404, code: "not_found" },
];

describe("bad input gets a clear 4xx with a code, and nothing accepted is lost", () => {
  let stack: Stack;
  let articleId: string;
  let entryId: string;
  beforeAll(async () => {
    stack = await startStack();
    articleId = await stack.createArticle();
    entryId = (await stack.api("POST", entries(articleId), { body: "The one good entry" })).body.id;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each(CASES)("$name → $status $code", async (c) => {
    const response = await fetch(stack.url + c.path(articleId, entryId), {
      method: c.method,
      headers: { ...(c.anonymous ? {} : { authorization: `Bearer ${stack.token}` }), ...c.headers },
      ...(c.body === undefined ? {} : { body: c.body }),
    });
    expect(response.status).toBe(c.status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(c.code);
    expect(body.error.message.length).toBeGreaterThan(0);
  });

  it("a token out of scope gets 403, a revoked or expired one 401", async () => {
    const { token: sports } = await stack.tokens.create({ name: "sports", articles: ["sports-*"] });
    const call = (token: string, id = articleId) =>
      fetch(`${stack.url}${entries(id)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, ...JSON_TYPE },
        body: JSON.stringify({ body: "x" }),
      });
    const out = await call(sports);
    expect(out.status).toBe(403);
    expect(((await out.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    await stack.createArticle("sports-final");
    expect((await call(sports, "sports-final")).status).toBe(202);
    await stack.tokens.revoke("sports");
    // Servers trust a verified token for TOKEN_CACHE_MS (test/token-cache.test.ts).
    await waitFor(async () => (await call(sports, "sports-final")).status === 401);
    const { token: old } = await stack.tokens.create({
      name: "old",
      articles: ["*"],
      expiresAt: new Date(Date.now() + 50),
    });
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(old)).status).toBe(401);
  });

  it("the socket answers bad subscribes with an error ack and keeps serving", async () => {
    const socket: Socket = io(`${stack.url}/live`, { transports: ["websocket"] });
    const ask = (payload: unknown) =>
      new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
        socket.emit("subscribe", payload, resolve),
      );
    const bad: [unknown, string][] = [
      [{ articleId: "../x" }, "validation_failed"],
      [{ articleId: "a*" }, "validation_failed"],
      [{ articleId: "a".repeat(129) }, "validation_failed"],
      [{ articleId, since: -1 }, "validation_failed"],
      [{ articleId, since: "5" }, "validation_failed"],
      [{ articleId, since: Number.NaN }, "validation_failed"],
      [{ articleId, extra: 1 }, "validation_failed"],
      ["just a string", "validation_failed"],
      [null, "validation_failed"],
      [{ articleId: "never-created" }, "article_not_found"],
    ];
    for (const [payload, code] of bad) {
      const ack = await ask(payload);
      expect(ack.ok, JSON.stringify(payload)).toBe(false);
      expect(ack.error?.code, JSON.stringify(payload)).toBe(code);
    }
    // Events without an ack, or unknown events, do not break the connection.
    socket.emit("subscribe", { articleId });
    socket.emit("no-such-event", 1);
    const good = await ask({ articleId });
    expect(good).toMatchObject({ ok: true, reset: true });
    socket.close();
  });

  it("after all of it, the accepted entry is intact and new entries still flow", async () => {
    const reader = startReader(stack.url, articleId);
    await waitFor(() => reader.entries.length >= 1, 5_000, "the good entry");
    expect(reader.entries.map((e) => e.body)).toContain("The one good entry");
    const more = await stack.api("POST", entries(articleId), { body: "Still working" });
    expect(more.status).toBe(202);
    await waitFor(() => reader.entries.some((e) => e.body === "Still working"), 5_000, "new entry");
    reader.close();
  });
});
