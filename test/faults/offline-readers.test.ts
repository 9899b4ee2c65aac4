import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patient } from "../helpers/patience.js";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { range, startReader } from "../helpers/reader.js";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.js";
import { expectExactlyOnceInOrder } from "../helpers/checks.js";

const OFFLINE_MS = 30_000;
const RETENTION = 10;

describe("readers that go offline", () => {
  let stack: Stack;
  const proxies: TcpProxy[] = [];
  beforeAll(async () => {
    stack = await startStack({ workers: 2, config: { LOG_RETENTION: String(RETENTION) } });
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await stack?.close();
  });

  const post = async (articleId: string, label: string, n: number) => {
    for (const i of range(n)) {
      expect(
        (await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: `${label} ${i}` })).status,
      ).toBe(202);
    }
  };

  it(
    `one offline for ${OFFLINE_MS / 1000} s gets exactly what it missed; one away past the kept log gets a clean reset`,
    async () => {
      const articleId = await stack.createArticle();
      // Each reader reaches the server through its own proxy, so its network can be cut alone.
      const [nearProxy, farProxy] = [
        await startTcpProxy(stack.server.port),
        await startTcpProxy(stack.server.port),
      ];
      proxies.push(nearProxy, farProxy);
      // With the SDK's polling fallback on: offline, each reader polls (and fails) until its
      // network is back; then it may catch up by polling or over its socket, whichever is first.
      const near = startReader(nearProxy.url, articleId);
      const far = startReader(farProxy.url, articleId);
      await waitFor(() => near.states.includes("live") && far.states.includes("live"), 5_000, "readers live");
      await post(articleId, "before", 3);
      await waitFor(() => near.updates.length === 3 && far.updates.length === 3, 5_000, "first entries");

      nearProxy.cut();
      farProxy.cut();
      await waitFor(() => near.states.at(-1) === "reconnecting" && far.states.at(-1) === "reconnecting");
      const wentOffline = Date.now();
      await post(articleId, "missed", 5);
      await new Promise((r) => setTimeout(r, OFFLINE_MS - (Date.now() - wentOffline)));
      nearProxy.restore();
      await waitFor(() => near.updates.length === 8, 10_000, "the near reader's catch-up");
      expect(near.resets).toBe(1); // caught up from the log, no reload
      expect(near.updates.slice(3).map((u) => (u.type === "entry.created" ? u.entry.body : ""))).toEqual(
        range(5).map((i) => `missed ${i}`),
      );

      // Live again over its socket, not only caught up by a poll: a polling reader fetches
      // every few seconds, and more than the log keeps goes by next, which would (rightly)
      // send a reader still between polls a reset instead of these updates.
      await waitFor(
        () =>
          near.client.transport === "websocket" && near.via === "websocket" && near.states.at(-1) === "live",
        10_000,
        "the near reader live over its socket",
      );
      // The far reader stays away while more than the log keeps goes by.
      await post(articleId, "later", RETENTION + 2);
      await waitFor(() => near.updates.length === 8 + RETENTION + 2, 10_000, "near reader live");
      farProxy.restore();
      await waitFor(() => far.resets === 2 && far.states.at(-1) === "live", 10_000, "the far reader's reset");
      expect(far.entries).toHaveLength(3 + 5 + RETENTION + 2);
      expect(far.entries.map((e) => e.body)).toEqual(near.entries.map((e) => e.body));
      expect(far.seqs()).toEqual(range(3)); // no partial replay: the reset replaced the list
      expectExactlyOnceInOrder([near], 8 + RETENTION + 2);
      near.close();
      far.close();
    },
    // Each reader's next attempt may be a whole backoff window (10 s) after its network is back.
    OFFLINE_MS + patient(30_000),
  );
});
