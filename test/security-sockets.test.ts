import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleRoom, type SubscribeAck } from "../protocol/index.js";
import { guardConnections } from "../server/realtime/connection-guard.js";
import type { LiveServer } from "../server/realtime/live-namespace.js";
import type { Limiter, RateLimits } from "../server/security/rate-limits.js";
import { startStack, testConfig, waitFor, type Stack } from "./helpers/stack.js";
import { range } from "./helpers/reader.js";

const open = (url: string): Socket =>
  io(`${url}/live`, { transports: ["websocket"], reconnection: false, forceNew: true });

/** "connected", or the reason the server refused the connection. */
const outcome = (socket: Socket) =>
  new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (err) => resolve(err.message));
  });

const ask = (socket: Socket, payload: unknown) =>
  new Promise<SubscribeAck>((resolve) => socket.emit("subscribe", payload, resolve));

describe("the per-address cap on open connections (MAX_CONNECTIONS_PER_IP)", () => {
  const MAX = 3;
  let server: LiveServer;
  let url: string;
  /** The connection-rate check answers when the test lets it: the window a client may drop in. */
  const held: (() => void)[] = [];
  let holdChecks = true;

  beforeAll(async () => {
    const allow: Limiter = { take: () => Promise.resolve({ ok: true }) };
    const connections: Limiter = {
      take: () =>
        holdChecks
          ? new Promise((resolve) => held.push(() => resolve({ ok: true })))
          : Promise.resolve({ ok: true }),
    };
    const limits: RateLimits = { writes: allow, reads: allow, subscribes: allow, connections };
    const httpServer = createServer();
    server = new Server(httpServer);
    const config = testConfig({ MAX_CONNECTIONS_PER_IP: String(MAX), TRUST_PROXY: "0" });
    guardConnections(server.of("/live"), { config, limits, isDraining: () => false });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("clients that drop while their connection is being checked give their place back, exactly once", async () => {
    for (const i of range(MAX)) {
      const socket = open(url);
      await waitFor(() => held.length === i, 5_000, "the rate check under way");
      socket.io.engine.close(); // the network drops before the check answers
      await waitFor(() => server.engine.clientsCount === 0, 5_000, "the server sees the drop");
    }
    holdChecks = false;
    for (const answer of held) answer();
    // Socket.IO ignores a middleware that finishes after its client left (no `disconnect`).
    await new Promise((resolve) => setImmediate(resolve));

    const sockets = range(MAX).map(() => open(url));
    expect(await Promise.all(sockets.map(outcome))).toEqual(range(MAX).map(() => "connected"));
    const extra = open(url);
    expect(await outcome(extra)).toBe("too many connections from this address");

    // A reader who leaves gives back one place, not more.
    sockets[0]!.close();
    await waitFor(() => server.of("/live").sockets.size === MAX - 1, 5_000, "the leave seen");
    const next = [open(url), open(url)];
    expect((await Promise.all(next.map(outcome))).sort()).toEqual([
      "connected",
      "too many connections from this address",
    ]);
    for (const socket of [...sockets, extra, ...next]) socket.close();
  });
});

describe("the per-socket cap on articles (50)", () => {
  let stack: Stack;
  beforeAll(async () => {
    // Generous event budget: only the article cap may refuse here.
    stack = await startStack({ config: { SOCKET_EVENTS_PER_SECOND: "1000" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("a burst of subscribes to 60 articles, sent without waiting, gets 50; refused ones give their place back", async () => {
    const ids = await Promise.all(range(60).map((i) => stack.createArticle(`burst-${i}`)));
    const socket = open(stack.url);
    expect(await outcome(socket)).toBe("connected");

    // Subscribes that fail (no such article) hold a place only while they are answered.
    const missing = await Promise.all(range(60).map((i) => ask(socket, { articleId: `missing-${i}` })));
    expect(missing.every((a) => !a.ok)).toBe(true);
    expect(missing.filter((a) => !a.ok && a.error.code === "rate_limited")).toHaveLength(10);

    const answers = await Promise.all(ids.map((articleId) => ask(socket, { articleId })));
    expect(answers.filter((a) => a.ok)).toHaveLength(50);
    const refused = answers.filter((a) => !a.ok);
    expect(refused.every((a) => !a.ok && a.error.code === "rate_limited")).toBe(true);
    const rooms = stack.server.io.of("/live").sockets.get(socket.id!)?.rooms ?? new Set<string>();
    expect(ids.filter((id) => rooms.has(articleRoom(id)))).toHaveLength(50);

    // Leaving one article frees one place.
    const joined = ids.find((id) => rooms.has(articleRoom(id)))!;
    const left = ids.find((id) => !rooms.has(articleRoom(id)))!;
    await new Promise((resolve) => socket.emit("unsubscribe", { articleId: joined }, resolve));
    expect(await ask(socket, { articleId: left })).toMatchObject({ ok: true });
    socket.close();
  });
});
