import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io, type Socket } from "socket.io-client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleRoom, type ErrorBody, type SubscribeAck, type Update } from "../protocol/index.js";
import { applyOperation } from "../article-log/write.js";
import { articleKeys } from "../article-log/keys.js";
import { attachGateway } from "../server/realtime/gateway.js";
import type { LiveServer } from "../server/realtime/live-namespace.js";
import { fanOutParser } from "../server/realtime/fanout-observer.js";
import { createRateLimits } from "../server/security/rate-limits.js";
import type { ReaderTokens } from "../server/security/reader-tokens.js";
import { HeraldClient } from "../client-sdk/index.js";
import { startServer, type HeraldServer } from "../server/create-server.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { embeddingPage, launchChromium, startHostSite } from "./helpers/browser.js";
import { visibleText, waitForState } from "./browser/ticker-page.js";
import { accessNotice } from "../client-sdk/ticker/access-notice.js";
import { DEFAULT_LABELS } from "../client-sdk/ticker/labels.js";

/** A reader on a bare socket: everything the server sent it, in order. */
interface RawReader {
  updates: Update[];
  notices: unknown[];
  subscribe(payload: Record<string, unknown>): Promise<SubscribeAck>;
  /**
   * A round trip on this connection: once it answers, everything the server sent this socket
   * before has arrived (one connection keeps its order).
   */
  flush(): Promise<void>;
  close(): void;
}

async function rawReader(url: string): Promise<RawReader> {
  const socket: Socket = io(`${url}/live`, { transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const reader: RawReader = {
    updates: [],
    notices: [],
    subscribe: (payload) => new Promise((resolve) => socket.emit("subscribe", payload, resolve)),
    flush: () =>
      new Promise((resolve) => socket.emit("unsubscribe", { articleId: "flush" }, () => resolve())),
    close: () => socket.close(),
  };
  socket.on("update", (u: Update) => reader.updates.push(u));
  socket.on("unsubscribed", (n: unknown) => reader.notices.push(n));
  return reader;
}

const bodies = (updates: Update[]) => updates.flatMap((u) => ("entry" in u ? [u.entry.body] : []));

describe("an article made private: readers without a reader token are dropped, on every server", () => {
  let stack: Stack;
  /** A second server on the same Redis, behind the same load balancer in production. */
  let other: HeraldServer;
  let browser: Browser | undefined;
  let site: Awaited<ReturnType<typeof startHostSite>> | undefined;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack();
    other = await startServer(stack.config, stack.logger);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await other?.close();
    await stack?.close();
  });

  /** The editor API on the second server. */
  const onOther = async (method: string, path: string, body: unknown) => {
    const res = await fetch(other.url + path, {
      method,
      headers: { authorization: `Bearer ${stack.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
  };
  const post = async (articleId: string, body: string) => {
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body });
    expect(res.status).toBe(202);
  };
  const readerToken = async (articleId: string): Promise<string> =>
    (await stack.api("POST", `/v1/articles/${articleId}/reader-tokens`, { ttlSeconds: 600 })).body
      .token as string;

  it("anonymous readers on both servers get `unsubscribed` (article_private) and nothing more; token holders keep reading; public again lets everyone back", async () => {
    const articleId = await stack.createArticle("flip", "Budget talks: live");
    const token = await readerToken(articleId);
    const anonHere = await rawReader(stack.url);
    const anonThere = await rawReader(other.url);
    const holder = await rawReader(stack.url);
    expect(await anonHere.subscribe({ articleId })).toMatchObject({ ok: true });
    expect(await anonThere.subscribe({ articleId })).toMatchObject({ ok: true });
    expect(await holder.subscribe({ articleId, token })).toMatchObject({ ok: true });

    // Made private through the other server: every server must act on it.
    await onOther("PUT", `/v1/articles/${articleId}`, { title: "Members: the deal", private: true });
    await waitFor(
      () => anonHere.notices.length > 0 && anonThere.notices.length > 0,
      5_000,
      "the anonymous readers told",
    );
    expect(anonHere.notices).toEqual([{ articleId, reason: "article_private" }]);
    expect(anonThere.notices).toEqual([{ articleId, reason: "article_private" }]);
    await waitFor(() => holder.updates.some((u) => u.type === "article.updated"), 5_000, "holder sees it");

    await post(articleId, "For members only");
    await waitFor(() => bodies(holder.updates).includes("For members only"), 5_000, "holder gets entry");
    await anonHere.flush();
    await anonThere.flush();
    // Neither the entry nor the new title (sent with the change itself) reached them.
    expect(anonHere.updates).toEqual([]);
    expect(anonThere.updates).toEqual([]);
    expect(await anonHere.subscribe({ articleId })).toMatchObject({
      ok: false,
      error: { code: "unauthorized" },
    });
    const room = articleRoom(articleId);
    expect(stack.server.io.of("/live").adapter.rooms.get(room)?.size).toBe(1); // the holder
    expect(other.io.of("/live").adapter.rooms.get(room)?.size ?? 0).toBe(0);

    // Public again: the holder never left, and the others may come back.
    await onOther("PUT", `/v1/articles/${articleId}`, { title: "Budget talks: live", private: false });
    await waitFor(
      () => holder.updates.filter((u) => u.type === "article.updated").length === 2,
      5_000,
      "holder sees it public",
    );
    expect(await anonHere.subscribe({ articleId })).toMatchObject({ ok: true });
    expect(await anonThere.subscribe({ articleId })).toMatchObject({ ok: true });
    expect(await holder.subscribe({ articleId, token, since: 3 })).toMatchObject({ ok: true });
    await post(articleId, "Open to all again");
    for (const reader of [anonHere, anonThere, holder]) {
      await waitFor(() => bodies(reader.updates).includes("Open to all again"), 5_000, "everyone gets it");
    }
    expect(anonHere.notices).toHaveLength(1);
    expect(holder.notices).toEqual([]);
    for (const reader of [anonHere, anonThere, holder]) reader.close();
  });

  it("the client SDK tells its user 'This article is now for subscribers', shows nothing more, and comes back when it is public again", async () => {
    const articleId = await stack.createArticle("flip-sdk", "Election night");
    await post(articleId, "Polls close");
    const client = new HeraldClient({ url: stack.url, reconnectDelayMs: 100 });
    const errors: ErrorBody[] = [];
    let shown: string[] = [];
    client.subscribe(articleId, {
      onEntries: (entries) => (shown = entries.map((e) => e.body)),
      onError: (error) => errors.push(error),
    });
    await waitFor(() => shown.includes("Polls close"), 5_000, "first entry");

    await onOther("PUT", `/v1/articles/${articleId}`, { title: "Election night", private: true });
    await waitFor(() => errors.length > 0, 5_000, "the SDK reports it");
    expect(errors[0]).toEqual({
      code: "unauthorized",
      message: "This article is now for subscribers",
      details: { reason: "article_private" },
    });

    const holder = await rawReader(stack.url);
    expect(await holder.subscribe({ articleId, token: await readerToken(articleId) })).toMatchObject({
      ok: true,
    });
    await post(articleId, "Exit poll for members");
    await waitFor(() => bodies(holder.updates).includes("Exit poll for members"), 5_000, "holder");
    // Two more refused retries: the second was asked after the entry went out, so its answer
    // arrived after anything sent before it.
    const seen = errors.length;
    await waitFor(() => errors.length >= seen + 2, 10_000, "two more retries");
    expect(shown).toEqual(["Polls close"]);

    await onOther("PUT", `/v1/articles/${articleId}`, { title: "Election night", private: false });
    await post(articleId, "Results for all");
    await waitFor(() => shown.includes("Results for all"), 10_000, "back when public");
    client.close();
    holder.close();
  });

  it("the ticker shows 'This article is now for subscribers'", async () => {
    const articleId = await stack.createArticle("flip-ticker", "Match day");
    await post(articleId, "Kick-off");
    browser = await launchChromium();
    site = await startHostSite(pages);
    pages[`/${articleId}`] = embeddingPage(
      stack.url,
      `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
    );
    const page = await browser.newPage();
    await page.goto(`${site.url}/${articleId}`);
    await waitForState(page, "Live");
    await onOther("PUT", `/v1/articles/${articleId}`, { title: "Match day", private: true });
    await page.waitForFunction(
      () =>
        document.querySelector("live-ticker")?.shadowRoot?.querySelector(".empty")?.textContent ===
        "This article is now for subscribers",
      undefined,
      { timeout: 5_000 },
    );
    expect(await visibleText(page, ".empty")).toBe("This article is now for subscribers");
    await page.close();
  });

  it("the ticker's notice: 'now for subscribers' stays through the refused retries, in the page's language", () => {
    const privateNow = {
      code: "unauthorized" as const,
      message: "This article is now for subscribers",
      details: { reason: "article_private" },
    };
    const refused = { code: "unauthorized" as const, message: "This article is private" };
    const shown = accessNotice(privateNow, DEFAULT_LABELS, null);
    expect(shown).toBe("This article is now for subscribers");
    expect(accessNotice(refused, DEFAULT_LABELS, shown)).toBe(shown);
    expect(accessNotice(refused, DEFAULT_LABELS, null)).toBe("This live blog is not available.");
    const german = { ...DEFAULT_LABELS, subscribersOnly: "Dieser Artikel ist jetzt für Abonnenten" };
    expect(accessNotice(privateNow, german, null)).toBe("Dieser Artikel ist jetzt für Abonnenten");
  });

  it("an entry of a private article that overtakes the change to private still reaches no reader without a token", async () => {
    const articleId = await stack.createArticle("overtaken", "Night session");
    const token = await readerToken(articleId);
    const anon = await rawReader(stack.url);
    const holder = await rawReader(other.url);
    expect(await anon.subscribe({ articleId })).toMatchObject({ ok: true });
    expect(await holder.subscribe({ articleId, token })).toMatchObject({ ok: true });
    // The article turns private in the log, but the change's own message is never fanned out:
    // the worst case of a worker's publish overtaking the API's (or the message being lost).
    const flip = await applyOperation(
      stack.redis,
      stack.config.KEY_PREFIX,
      {
        kind: "article.put",
        opId: randomUUID(),
        articleId,
        title: "Night session",
        private: true,
        acceptedAt: new Date().toISOString(),
      },
      { retention: stack.config.LOG_RETENTION },
    );
    expect(flip.status).toBe("applied");

    await post(articleId, "for members only");
    await waitFor(() => bodies(holder.updates).includes("for members only"), 10_000, "the holder gets it");
    expect(holder.updates.at(-1)).toMatchObject({ type: "entry.created", private: true });
    await anon.flush();
    expect(bodies(anon.updates)).toEqual([]);
    expect(anon.notices).toEqual([{ articleId, reason: "article_private" }]);
    anon.close();
    holder.close();
  });

  it("a subscribe racing the change to private (read public, then joined) does not stay without a token", async () => {
    const articleId = await stack.createArticle("race", "Race day");
    // A gateway of its own on this Redis, whose token check is where the article turns
    // private: after the subscribe's first read, before its join. The change is fanned out
    // on this server then, as the Redis adapter would, while the reader is not yet in the room.
    const httpServer = createServer();
    const server: LiveServer = new Server(httpServer, { parser: fanOutParser });
    const readerTokens: ReaderTokens = {
      mint: () => Promise.reject(new Error("not used")),
      async verify() {
        const op = { kind: "article.put" as const, opId: randomUUID(), articleId, title: "Race day" };
        const applied = await applyOperation(
          stack.redis,
          stack.config.KEY_PREFIX,
          { ...op, acceptedAt: new Date().toISOString(), private: true },
          { retention: stack.config.LOG_RETENTION },
        );
        if (applied.status === "applied")
          server.of("/live").to(articleRoom(articleId)).emit("update", applied.update);
        return null; // a stale token
      },
    };
    const config = { ...stack.config, RATE_LIMITS: "off" as const };
    const live = attachGateway(server, {
      config,
      logger: stack.logger,
      redis: stack.redis,
      limits: createRateLimits(stack.redis, config),
      readerTokens,
      ipOf: () => "127.0.0.1",
    });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const reader = await rawReader(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
    expect(await reader.subscribe({ articleId, token: "stale" })).toMatchObject({
      ok: false,
      error: { code: "unauthorized" },
    });
    expect(live.adapter.rooms.get(articleRoom(articleId))).toBeUndefined();
    reader.close();
    await server.close();
  });

  it("a subscribe whose log read fails after the join leaves the room: its socket gets nothing", async () => {
    const articleId = await stack.createArticle("broken-read", "Private briefing");
    await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Private briefing", private: true });
    const token = await readerToken(articleId);
    // The entry index holds the wrong type: the read after the join throws (WRONGTYPE).
    const { order } = articleKeys(stack.config.KEY_PREFIX, articleId);
    await stack.redis.set(order, "not a sorted set");
    const reader = await rawReader(stack.url);
    expect(await reader.subscribe({ articleId, token })).toMatchObject({
      ok: false,
      error: { code: "unavailable" },
    });
    await stack.redis.del(order);
    expect(stack.server.io.of("/live").adapter.rooms.get(articleRoom(articleId))).toBeUndefined();

    const holder = await rawReader(stack.url);
    expect(await holder.subscribe({ articleId, token })).toMatchObject({ ok: true });
    await post(articleId, "Briefing notes");
    await waitFor(() => bodies(holder.updates).includes("Briefing notes"), 5_000, "holder gets entry");
    await reader.flush();
    expect(reader.updates).toEqual([]);
    reader.close();
    holder.close();
  });
});
