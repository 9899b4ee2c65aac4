import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SubscribeAck } from "../protocol/index.js";
import { HeraldClient } from "../client-sdk/index.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range } from "./helpers/reader.js";
import { spawnHerald } from "./helpers/processes.js";
import { createReaderTokens } from "../server/security/reader-tokens.js";

const connect = (url: string, extra: Record<string, unknown> = {}): Socket =>
  io(`${url}/live`, { transports: ["websocket"], reconnection: false, ...extra });

const connected = (socket: Socket) =>
  new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (err) => resolve(err.message));
  });

const ask = (socket: Socket, payload: unknown) =>
  new Promise<SubscribeAck>((resolve) => socket.emit("subscribe", payload, resolve));

describe("socket abuse", () => {
  let stack: Stack;
  let articleId: string;
  beforeAll(async () => {
    stack = await startStack({ config: { SOCKET_EVENTS_PER_SECOND: "20" } });
    articleId = await stack.createArticle();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("1,000 subscribes from one socket: at most 50 articles, the rest refused, the socket cut for flooding", async () => {
    const ids = await Promise.all(range(60).map((i) => stack.createArticle(`many-${i}`)));
    const socket = connect(stack.url);
    await connected(socket);
    const answers: SubscribeAck[] = [];
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    for (const i of range(1_000))
      socket.emit("subscribe", { articleId: ids[i % 60] }, (a: SubscribeAck) => answers.push(a));
    expect(await disconnected).toBe("io server disconnect");
    const refused = answers.filter((a) => !a.ok);
    expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(50);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => !a.ok && a.error.code === "rate_limited")).toBe(true);
    // The server still serves everyone else.
    const other = connect(stack.url);
    expect(await connected(other)).toBe("connected");
    expect(await ask(other, { articleId })).toMatchObject({ ok: true });
    other.close();
  });

  it("a packet over the buffer limit closes that connection only", async () => {
    const socket = connect(stack.url);
    await connected(socket);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    socket.emit("subscribe", { articleId, epoch: "x".repeat(100_000) });
    expect(await disconnected).toBe("transport close");
    const other = connect(stack.url);
    await connected(other);
    expect(await ask(other, { articleId })).toMatchObject({ ok: true });
    other.close();
  });
});

describe("private articles", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("need a reader token bound to the article, on every subscribe, HTTP read and reconnect", async () => {
    const articleId = "vip-briefing";
    expect(
      (await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Members only", private: true })).body,
    ).toMatchObject({ private: true });
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Secret detail" });
    await stack.createArticle("public-one");
    const minted = await stack.api("POST", `/v1/articles/${articleId}/reader-tokens`, { ttlSeconds: 600 });
    expect(minted.status).toBe(201);
    const token: string = minted.body.token;
    const other = (await stack.api("POST", `/v1/articles/public-one/reader-tokens`, {})).body.token as string;

    const socket = connect(stack.url);
    await connected(socket);
    expect(await ask(socket, { articleId })).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    expect(await ask(socket, { articleId, token: "garbage" })).toMatchObject({
      ok: false,
      error: { code: "unauthorized" },
    });
    expect(await ask(socket, { articleId, token: other })).toMatchObject({
      ok: false,
      error: { code: "unauthorized" },
    });
    // A catch-up is a subscribe too: the token is checked for it as well.
    expect(await ask(socket, { articleId, since: 0, epoch: "anything" })).toMatchObject({
      ok: false,
      error: { code: "unauthorized" },
    });
    const granted = await ask(socket, { articleId, token });
    expect(granted).toMatchObject({ ok: true, reset: true });
    expect("entries" in granted && granted.entries.map((e) => e.body)).toEqual(["Secret detail"]);
    socket.close();

    const get = (path: string, bearer?: string) =>
      fetch(`${stack.url}${path}`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
    for (const path of [
      `/v1/articles/${articleId}`,
      `/v1/articles/${articleId}/entries`,
      `/v1/articles/${articleId}/updates?since=0`,
    ]) {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, other)).status).toBe(401);
      expect((await get(path, token)).status).toBe(200);
    }

    // The SDK asks for a token on every subscribe; after a reconnect without one, nothing is shown.
    let handOut: string | undefined = token;
    const client = new HeraldClient({ url: stack.url, reconnectDelayMs: 100, readerToken: () => handOut });
    const errors: string[] = [];
    let bodies: string[] = [];
    client.subscribe(articleId, {
      onEntries: (e) => (bodies = e.map((x) => x.body)),
      onError: (e) => errors.push(e.code),
    });
    await waitFor(() => bodies.length === 1);
    handOut = undefined;
    for (const s of stack.server.io.of("/live").sockets.values()) s.conn.close();
    await waitFor(() => errors.includes("unauthorized"), 5_000, "refused after reconnect");
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Not for you" });
    await new Promise((r) => setTimeout(r, 300));
    expect(bodies).toEqual(["Secret detail"]);
    client.close();
  });

  it("a reader whose token expires leaves the room and is told so", async () => {
    const articleId = "vip-short";
    await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Short", private: true });
    // The API mints 60 s at least; a 2 s token, signed with the same secret, keeps this test short.
    const { token } = await createReaderTokens(stack.redis, stack.config.KEY_PREFIX).mint(articleId, 2);
    const socket = connect(stack.url);
    await connected(socket);
    const notices: unknown[] = [];
    const updates: unknown[] = [];
    socket.on("unsubscribed", (n: unknown) => notices.push(n));
    socket.on("update", (u: unknown) => updates.push(u));
    expect(await ask(socket, { articleId, token })).toMatchObject({ ok: true });
    await waitFor(() => notices.length === 1, 5_000, "expiry notice");
    expect(notices[0]).toEqual({ articleId, reason: "token_expired" });
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "After expiry" });
    await new Promise((r) => setTimeout(r, 500));
    expect(updates).toEqual([]);
    expect(await ask(socket, { articleId, token })).toMatchObject({
      ok: false,
      error: { code: "unauthorized" },
    });
    const tooLong = await stack.api("POST", `/v1/articles/${articleId}/reader-tokens`, {
      ttlSeconds: 10 * 86_400,
    });
    expect(tooLong.status).toBe(400);
    socket.close();
  });
});

describe("rate limits and addresses", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      config: {
        RATE_WRITES_PER_MINUTE: "5",
        RATE_READS_PER_MINUTE: "5",
        MAX_CONNECTIONS_PER_IP: "3",
        TRUST_PROXY: "0",
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("writes per token: 429 with Retry-After, other tokens unaffected", async () => {
    const articleId = await stack.createArticle(); // write 1
    const statuses = [];
    for (const i of range(5))
      statuses.push((await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: `e${i}` })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
    const limited = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "again" });
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const { token } = await stack.tokens.create({ name: "other", articles: ["*"] });
    expect(
      (
        await stack.api(
          "POST",
          `/v1/articles/${articleId}/entries`,
          { body: "x" },
          { authorization: `Bearer ${token}` },
        )
      ).status,
    ).toBe(202);
  });

  it("reads per IP, and X-Forwarded-For from an untrusted hop changes nothing", async () => {
    const statuses = [];
    for (const i of range(7)) {
      const res = await fetch(`${stack.url}/v1/articles/none/entries`, {
        headers: { "x-forwarded-for": `10.0.0.${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it("connections per IP are capped on a server", async () => {
    const sockets = range(4).map(() => connect(stack.url));
    const results = await Promise.all(sockets.map(connected));
    expect(results.filter((r) => r === "connected")).toHaveLength(3);
    expect(results).toContain("too many connections from this address");
    sockets.forEach((s) => s.close());
  });
});

describe("origins, headers, audit and logs", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { CORS_ORIGINS: "https://news.example" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("sockets from origins not in CORS_ORIGINS are refused", async () => {
    const evil = connect(stack.url, { extraHeaders: { origin: "https://evil.example" } });
    expect(await connected(evil)).not.toBe("connected");
    const good = connect(stack.url, { extraHeaders: { origin: "https://news.example" } });
    expect(await connected(good)).toBe("connected");
    evil.close();
    good.close();
  });

  it("responses carry helmet's security headers", async () => {
    const res = await fetch(`${stack.url}/healthz`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age/);
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("every editor action is in the audit log: who, what, when", async () => {
    const articleId = await stack.createArticle();
    const created = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Audited" });
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${created.body.id}`, {
      body: "Audited, fixed",
    });
    const log = await stack.api("GET", `/v1/articles/${articleId}/audit`);
    expect(log.status).toBe(200);
    expect(log.body.records.map((r: { action: string }) => r.action)).toEqual([
      "entry.update",
      "entry.create",
      "article.put",
    ]);
    expect(log.body.records[0]).toMatchObject({
      articleId,
      entryId: created.body.id,
      actor: { name: "test-editor" },
      at: expect.any(String),
    });
    expect(JSON.stringify(log.body)).not.toContain(stack.token);
    const { token: scoped } = await stack.tokens.create({ name: "desk", articles: ["other-*"] });
    expect(
      (
        await stack.api("GET", `/v1/articles/${articleId}/audit`, undefined, {
          authorization: `Bearer ${scoped}`,
        })
      ).status,
    ).toBe(403);
    expect((await stack.operatorApi("GET", "/v1/audit")).body.records.length).toBeGreaterThanOrEqual(3);
  });

  it("a CR/LF in a request cannot forge a log line", async () => {
    const server = await spawnHerald("server", stack.config);
    try {
      await fetch(
        `http://127.0.0.1:${server.port}/v1/articles/x%0D%0A%7B%22msg%22%3A%22forged%22%7D/entries`,
      );
      await waitFor(() =>
        server.logs.some(
          (l) => typeof l.req === "object" && JSON.stringify(l.req).includes("/v1/articles/x"),
        ),
      );
      expect(server.logs.some((l) => l.msg === "forged")).toBe(false);
    } finally {
      await server.stop();
    }
  });
});
