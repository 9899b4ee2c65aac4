import { afterEach, describe, expect, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import { articleKeys } from "../article-log/keys.js";
import { HeraldClient, type Entry, type Update } from "../client-sdk/index.js";
import { patient } from "./helpers/patience.js";
import { startReader, type Reader } from "./helpers/reader.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";

// A server that takes one socket, and tells polling clients to ask every second.
const FULL = { MAX_SOCKETS: "1", POLL_INTERVAL_S: "1", OVER_CAPACITY_RETRY_S: "1" };

/** A plain Socket.IO connection that takes the server's one place. */
async function occupy(url: string): Promise<Socket> {
  const socket = io(`${url}/live`, { transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Each seq once and in order: 1, 2, 3, … up to the last. */
function expectInOrderOnce(reader: Reader, first = 1): void {
  const seqs = reader.seqs();
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + first));
}

async function refusals(stack: Stack): Promise<number> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  const line = /^herald_sockets_refused_total\{[^}]*reason="over_capacity"[^}]*\} (\d+)/m.exec(text);
  return Number(line?.[1] ?? 0);
}

describe("fallback to polling with the same cursor", () => {
  let stack: Stack | undefined;
  const closers: (() => void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await stack?.close();
    stack = undefined;
  });

  it(
    "a full server sends the client to polling: entries, corrections and retractions arrive in order, once each; when a place frees it returns to the socket with nothing twice",
    async () => {
      stack = await startStack({ config: FULL });
      const articleId = await stack.createArticle();
      const post = async (body: string) => {
        const res = await stack!.api("POST", `/v1/articles/${articleId}/entries`, { body });
        expect(res.status).toBe(202);
        return res.body.id as string;
      };
      const blocker = await occupy(stack.url);
      closers.push(() => blocker.close());

      const reader = startReader(stack.url, articleId);
      closers.push(() => reader.close());
      const transports: string[] = [];
      reader.client.subscribe(articleId, { onState: (_state, ctx) => transports.push(ctx.transport) });
      await waitFor(() => reader.client.transport === "polling", 10_000, "polling");
      expect(reader.client.fallbackCause).toBe("over_capacity");
      expect(await refusals(stack)).toBeGreaterThanOrEqual(1);

      const first = await post("First");
      const second = await post("Second");
      await stack.api("PATCH", `/v1/articles/${articleId}/entries/${first}`, { body: "First, corrected" });
      await stack.api("DELETE", `/v1/articles/${articleId}/entries/${second}`);
      await post("Third");
      await waitFor(() => reader.updates.length === 5, 15_000, "5 updates by polling");
      expectInOrderOnce(reader);
      expect(reader.updates.map((u) => u.type)).toEqual([
        "entry.created",
        "entry.created",
        "entry.updated",
        "entry.deleted",
        "entry.created",
      ]);
      expect(reader.entries.map((e) => e.body)).toEqual(["Third", "First, corrected"]);
      expect(reader.client.transport).toBe("polling");
      expect(reader.states.at(-1)).toBe("live");

      // A place frees while entries keep coming: the switch back loses and repeats nothing.
      blocker.close();
      let posted = 5;
      while (reader.client.transport !== "websocket") {
        await post(`During switch ${++posted}`);
        await new Promise((r) => setTimeout(r, 100));
        if (posted > patient(200)) throw new Error("never returned to the socket");
      }
      for (let i = 0; i < 3; i++) await post(`After switch ${++posted}`);
      await waitFor(() => reader.updates.length === posted, 15_000, `${posted} updates`);
      expectInOrderOnce(reader);
      expect(new Set(reader.entries.map((e) => e.id)).size).toBe(reader.entries.length);
      // Every update but the correction and the retraction made an entry, and one was retracted.
      expect(reader.entries).toHaveLength(posted - 3);
      // The subscription said how its updates came, each time that changed.
      expect(transports.filter((t, i) => t !== transports[i - 1])).toEqual([
        "websocket",
        "polling",
        "websocket",
      ]);
    },
    patient(60_000),
  );

  it(
    "while polling, a new epoch (the log was lost) answers 410 and the client reloads the entries",
    async () => {
      stack = await startStack({ config: FULL });
      const articleId = await stack.createArticle();
      const blocker = await occupy(stack.url);
      closers.push(() => blocker.close());
      const reader = startReader(stack.url, articleId);
      closers.push(() => reader.close());
      for (const body of ["Old 1", "Old 2"])
        await stack.api("POST", `/v1/articles/${articleId}/entries`, { body });
      await waitFor(() => reader.entries.length === 2, 15_000, "2 entries by polling");
      expect(reader.client.transport).toBe("polling");

      // The article's log is lost and the desk creates it again: a new epoch, seqs from 1.
      const oldEpoch = (await stack.api("GET", `/v1/articles/${articleId}`)).body.epoch as string;
      await stack.redis.del(...Object.values(articleKeys(stack.config.KEY_PREFIX, articleId)));
      const put = await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Again" });
      expect(put.body.epoch).not.toBe(oldEpoch);
      const gone = await stack.api("GET", `/v1/articles/${articleId}/updates?since=2&epoch=${oldEpoch}`);
      expect(gone.status).toBe(410);
      await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "New 1" });
      await waitFor(
        () => reader.entries.length === 1 && reader.entries[0]?.body === "New 1",
        15_000,
        "reloaded",
      );
      expect(reader.resets).toBe(2);
      expect(reader.client.transport).toBe("polling");
    },
    patient(60_000),
  );

  it(
    '`fallback: "always"` never opens a socket; `fallback: false` never polls',
    async () => {
      stack = await startStack({ config: { POLL_INTERVAL_S: "1" } });
      const articleId = await stack.createArticle();
      const polled: Update[] = [];
      const always = new HeraldClient({ url: stack.url, fallback: "always" });
      closers.push(() => always.close());
      always.subscribe(articleId, { onUpdate: (u) => polled.push(u) });
      await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Polled" });
      await waitFor(() => polled.length === 1, 15_000, "a polled update");
      expect(always.transport).toBe("polling");
      expect(always.fallbackCause).toBe("always");
      const metrics = await (await fetch(`${stack.url}/metrics`)).text();
      expect(metrics).toMatch(/^herald_sockets_connected\{[^}]*\} 0$/m);

      await stack.close();
      stack = await startStack({ config: FULL });
      const blocker = await occupy(stack.url);
      closers.push(() => blocker.close());
      const otherArticle = await stack.createArticle();
      let shown: Entry[] = [];
      const socketOnly = new HeraldClient({ url: stack.url, fallback: false });
      closers.push(() => socketOnly.close());
      socketOnly.subscribe(otherArticle, { onEntries: (entries) => (shown = entries) });
      await waitFor(async () => (await refusals(stack!)) >= 1, 10_000, "a refusal");
      expect(socketOnly.transport).toBe("websocket");
      expect(socketOnly.state).not.toBe("live");
      expect(shown).toEqual([]);
    },
    patient(60_000),
  );
});
