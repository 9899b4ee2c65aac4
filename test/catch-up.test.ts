import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SubscribeAck } from "../protocol/index.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader } from "./helpers/reader.js";

async function post(stack: Stack, articleId: string, n: number, label: string) {
  for (const i of range(n)) {
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: `${label} ${i}` });
    expect(res.status).toBe(202);
  }
}

describe("catch-up after time away", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 2, config: { LOG_RETENTION: "20" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("a reader whose connection drops gets exactly the entries posted meanwhile, in order", async () => {
    const articleId = await stack.createArticle();
    const reader = startReader(stack.url, articleId, { reconnectDelayMs: 400 });
    await waitFor(() => reader.states.includes("live"), 5_000, "reader live");
    await post(stack, articleId, 3, "before");
    await waitFor(() => reader.updates.length === 3, 5_000, "first 3");

    // Cut every reader connection at the transport, as a network drop would.
    const statesBefore = reader.states.length;
    for (const socket of stack.server.io.of("/live").sockets.values()) socket.conn.close();
    // "reconnecting" may last only a fraction of a second: look for it in the history.
    await waitFor(() => reader.states.slice(statesBefore).includes("reconnecting"), 5_000, "reconnecting");
    await post(stack, articleId, 5, "while away");
    await waitFor(() => reader.updates.length === 8, 10_000, "catch-up");
    await new Promise((r) => setTimeout(r, 300));
    expect(reader.seqs()).toEqual(range(8));
    expect(reader.updates.slice(3).map((u) => (u.type === "entry.created" ? u.entry.body : ""))).toEqual(
      range(5).map((i) => `while away ${i}`),
    );
    expect(reader.states.at(-1)).toBe("live");
    expect(reader.resets).toBe(1);
    reader.close();
  });

  it("subscribe with since answers the log after it; too old, ahead or another epoch answers a reset", async () => {
    const articleId = await stack.createArticle();
    await post(stack, articleId, 25, "item");
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 25);
    const { epoch } = (await stack.api("GET", `/v1/articles/${articleId}`)).body;
    const socket = io(`${stack.url}/live`, { transports: ["websocket"] });
    const ask = (req: object) =>
      new Promise<SubscribeAck>((resolve) => socket.emit("subscribe", req, resolve));

    const recent = await ask({ articleId, since: 22, epoch });
    expect(recent).toMatchObject({ ok: true, epoch, seq: 25 });
    expect("updates" in recent && recent.updates.map((u) => u.seq)).toEqual([23, 24, 25]);

    const tooOld = await ask({ articleId, since: 2, epoch }); // retention is 20: seqs 6..25 kept
    expect(tooOld).toMatchObject({ ok: true, reset: true, seq: 25 });
    expect("entries" in tooOld && tooOld.entries).toHaveLength(25);
    expect(await ask({ articleId, since: 99, epoch })).toMatchObject({ ok: true, reset: true });
    expect(await ask({ articleId, since: 24, epoch: "another-epoch" })).toMatchObject({
      ok: true,
      reset: true,
      epoch,
    });
    expect(await ask({ articleId })).toMatchObject({ ok: true, reset: true });

    const http = await stack.api("GET", `/v1/articles/${articleId}/updates?since=5&epoch=${epoch}`);
    expect(http.body.updates.map((u: { seq: number }) => u.seq)).toEqual(range(20, 6));
    const gone = await stack.api("GET", `/v1/articles/${articleId}/updates?since=4`);
    expect(gone.status).toBe(410);
    expect(gone.body.error).toMatchObject({
      code: "history_expired",
      details: { epoch, seq: 25, reason: "expired" },
    });
    expect((await stack.api("GET", `/v1/articles/${articleId}/updates?since=3&epoch=nope`)).status).toBe(410);
    socket.close();
  });
});
