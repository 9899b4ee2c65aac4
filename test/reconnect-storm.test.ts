import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import type { Redis } from "ioredis";
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SubscribeAck,
  SubscribeRequest,
} from "../protocol/index.js";
import { articleKeys } from "../article-log/keys.js";
import { reconnectDelay } from "../client-sdk/reconnect-policy.js";
import { startStack, waitFor, waitForEvery, type Stack } from "./helpers/stack.js";
import { spawnHerald, type HeraldProcess } from "./helpers/processes.js";
import { range, startReader, type Reader } from "./helpers/reader.js";
import { expectExactlyOnceInOrder } from "./helpers/checks.js";
import { patient } from "./helpers/patience.js";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(url: string): Promise<LiveSocket> {
  const socket: LiveSocket = io(`${url}/live`, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

function subscribe(socket: LiveSocket, request: SubscribeRequest): Promise<SubscribeAck> {
  return socket.timeout(patient(10_000)).emitWithAck("subscribe", request);
}

async function post(stack: Stack, url: string, articleId: string, n: number): Promise<void> {
  for (const i of range(n)) {
    const res = await fetch(`${url}/v1/articles/${articleId}/entries`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack.token}`, "content-type": "application/json" },
      body: JSON.stringify({ body: `entry ${i}` }),
    });
    expect(res.status).toBe(202);
  }
}

async function headSeq(stack: Stack, articleId: string): Promise<number> {
  const res = await stack.api("GET", `/v1/articles/${articleId}`);
  return Number((res.body as { seq: number }).seq);
}

/** Counts the log reads (the catch-up script, keyed on the log) Redis runs for one article. */
async function countLogReads(
  stack: Stack,
  articleId: string,
): Promise<{ count: () => number; stop: () => void }> {
  const log = articleKeys(stack.config.KEY_PREFIX, articleId).log;
  const monitor: Redis = await stack.redis.monitor();
  let count = 0;
  monitor.on("monitor", (_time: string, args: string[]) => {
    const command = args[0]?.toLowerCase();
    if ((command === "evalsha" || command === "eval") && args.includes(log)) count++;
  });
  return { count: () => count, stop: () => void monitor.disconnect() };
}

/** A reader on the SDK with its default reconnect policy (test/helpers/reader.ts shortens it). */
const sdkReader = (url: string, articleId: string): Reader =>
  startReader(url, articleId, { sdkDefaults: true });

const seqsOf = (ack: SubscribeAck) => (ack.ok && "updates" in ack ? ack.updates.map((u) => u.seq) : null);

describe("reconnect storms: subscribes from one position share a log read", () => {
  let stack: Stack;
  const sockets: LiveSocket[] = [];
  beforeAll(async () => {
    stack = await startStack({ config: { RATE_LIMITS: "off" } });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await stack?.close();
  });

  it(
    "200 readers at the same seq get their catch-up from a handful of reads; readers elsewhere get exactly theirs",
    async () => {
      const articleId = await stack.createArticle();
      await post(stack, stack.url, articleId, 10);
      await waitFor(async () => (await headSeq(stack, articleId)) === 10, 10_000, "10 entries applied");
      const { epoch } = (await stack.api("GET", `/v1/articles/${articleId}`)).body as { epoch: string };
      sockets.push(...(await Promise.all(range(204).map(() => connect(stack.url)))));
      const reads = await countLogReads(stack, articleId);
      try {
        // 200 readers back from the same seq, and four elsewhere: each asks at the same moment.
        const sinces = [...range(200).map(() => 5), 2, 7, 10, 0];
        const acks = await Promise.all(
          sockets.map((socket, i) => subscribe(socket, { articleId, since: sinces[i]!, epoch })),
        );
        acks.forEach((ack, i) => {
          const since = sinces[i]!;
          expect(seqsOf(ack), `reader ${i} from ${since}`).toEqual(range(10 - since, since + 1));
        });
        // Without coalescing every subscribe is one log read: 204.
        console.log(`log reads for 204 subscribes: ${reads.count()}`);
        expect(reads.count()).toBeLessThanOrEqual(40);
        const metrics = await (await fetch(`${stack.url}/metrics`)).text();
        const coalesced = Number(/^herald_subscribe_coalesced_total\S* (\d+)/m.exec(metrics)?.[1] ?? NaN);
        expect(coalesced).toBeGreaterThanOrEqual(204 - reads.count());
      } finally {
        reads.stop();
      }
    },
    patient(60_000),
  );
});

describe("reconnect policy", () => {
  it("draws the first attempt within the first window, each later one in a doubling window up to the cap", () => {
    expect(reconnectDelay(0, 500, 10_000, () => 0.999)).toBeLessThan(500);
    expect(reconnectDelay(0, 500, 10_000, () => 0)).toBe(0);
    expect(reconnectDelay(3, 500, 10_000, () => 0.5)).toBe(2_000);
    expect(reconnectDelay(40, 500, 10_000, () => 1)).toBe(10_000);
  });
});

describe("a server is SIGKILLed under its readers and started again on its port", () => {
  let stack: Stack;
  const servers: HeraldProcess[] = [];
  let readers: Reader[] = [];
  beforeAll(async () => {
    stack = await startStack({ config: { RATE_LIMITS: "off" } });
  });
  afterAll(async () => {
    readers.forEach((r) => r.close());
    await Promise.all(servers.map((s) => s.stop("SIGKILL")));
    await stack?.close();
  });

  it(
    "every SDK reader comes back by itself, live, caught up from the log, nothing lost or twice",
    async () => {
      const articleId = await stack.createArticle();
      const first = await spawnHerald("server", stack.config, { RATE_LIMITS: "off" });
      servers.push(first);
      const url = `http://127.0.0.1:${first.port}`;
      // The SDK's own reconnect policy (its defaults), not a test's shortcut.
      readers = range(40).map(() => sdkReader(url, articleId));
      await waitForEvery(readers, (r) => r.states.at(-1) === "live", 30_000, "all readers live");
      await post(stack, stack.url, articleId, 3);
      await waitForEvery(readers, (r) => r.updates.length === 3, 20_000, "first entries everywhere");

      await first.stop("SIGKILL");
      await waitFor(
        () => readers.every((r) => r.states.at(-1) === "reconnecting"),
        10_000,
        "readers reconnecting",
      );
      await post(stack, stack.url, articleId, 4); // through the other server, while this one is down
      const again = await spawnHerald("server", stack.config, {
        RATE_LIMITS: "off",
        PORT: String(first.port),
      });
      servers.push(again);

      await waitForEvery(readers, (r) => r.updates.length === 7, 30_000, "every reader caught up");
      // Back on the socket: the restarted server holds every reader's connection.
      await waitFor(
        async () => {
          const metrics = await (await fetch(`${url}/metrics`)).text();
          return /^herald_sockets_connected\S* 40$/m.test(metrics);
        },
        30_000,
        "every reader connected to the restarted server",
      );
      await post(stack, stack.url, articleId, 2);
      await waitForEvery(readers, (r) => r.updates.length === 9, 20_000, "live again");
      expectExactlyOnceInOrder(readers, 9);
      expect(readers.every((r) => r.states.at(-1) === "live")).toBe(true);
      expect(readers.every((r) => r.resets === 1)).toBe(true); // caught up from the log, no reloads
    },
    patient(120_000),
  );
});
