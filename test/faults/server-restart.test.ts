import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type HeraldServer } from "../../server/create-server.js";
import { startStack, waitFor, waitForAll, waitForEvery, type Stack } from "../helpers/stack.js";
import { range, startReader, type Reader } from "../helpers/reader.js";
import { expectExactlyOnceInOrder } from "../helpers/checks.js";
import { patient } from "../helpers/patience.js";

const READERS = 2_000;

describe(`a server restarts under ${READERS} readers`, () => {
  let stack: Stack;
  const extra: HeraldServer[] = [];
  let readers: Reader[] = [];
  beforeAll(async () => {
    // 2,000 readers from one address: the per-address limits are for the internet, not this test.
    stack = await startStack({ workers: 2, config: { DRAIN_SPREAD_MS: "1000", RATE_LIMITS: "off" } });
  });
  afterAll(async () => {
    readers.forEach((r) => r.close());
    await Promise.all(extra.map((s) => s.close()));
    await stack?.close();
  });

  it(
    "they reconnect with jitter, catch up on what was posted meanwhile, and none sees a duplicate",
    async () => {
      const articleId = await stack.createArticle();
      readers = range(READERS).map(() => startReader(stack.url, articleId, { reconnectDelayMs: 200 }));
      await waitForEvery(readers, (r) => r.states.includes("live"), 30_000, "all readers live");
      const post = async (url: string, label: string, n: number) => {
        for (const i of range(n)) {
          const res = await fetch(`${url}/v1/articles/${articleId}/entries`, {
            method: "POST",
            headers: { authorization: `Bearer ${stack.token}`, "content-type": "application/json" },
            body: JSON.stringify({ body: `${label} ${i}` }),
          });
          expect(res.status).toBe(202);
        }
      };
      await post(stack.url, "before", 5);
      await waitForEvery(readers, (r) => r.updates.length === 5, 20_000, "first entries everywhere");

      // Another server stays up for the editors while this one restarts.
      const other = await startServer(stack.config, stack.logger);
      extra.push(other);
      const port = stack.server.port;
      await stack.server.close();
      // The last drops reach the clients a moment after the server has closed.
      await waitFor(
        () => readers.every((r) => r.states.at(-1) === "reconnecting"),
        5_000,
        "every reader reconnecting",
      );
      await post(other.url, "while down", 5);

      const restarted = await startServer({ ...stack.config, PORT: port }, stack.logger);
      extra.push(restarted);
      await waitForEvery(readers, (r) => r.updates.length === 10, 30_000, "every reader caught up");
      await post(restarted.url, "after", 3);
      await waitForEvery(readers, (r) => r.updates.length === 13, 20_000, "live again");
      await new Promise((r) => setTimeout(r, 300));
      expectExactlyOnceInOrder(readers, 13);
      expect(readers.every((r) => r.resets === 1)).toBe(true); // caught up from the log, no reloads

      // A reader whose socket took longer than the SDK's fallbackAfterMs may have caught up by
      // polling; its socket still comes back (and the poll stops), so wait for every socket.
      const live = restarted.io.of("/live");
      await waitForAll(() => live.sockets.size, READERS, 30_000, "every reader's socket back");
      // The reconnections were spread out, not one stampede.
      const handshakes = [...live.sockets.values()].map((s) => s.handshake.issued);
      expect(handshakes).toHaveLength(READERS);
      expect(Math.max(...handshakes) - Math.min(...handshakes)).toBeGreaterThan(300);
    },
    patient(120_000),
  );
});
