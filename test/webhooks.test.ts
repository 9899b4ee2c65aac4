import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { startWebhookReceiver } from "./helpers/webhook-receiver.js";

describe("outgoing webhooks (Standard Webhooks)", () => {
  let stack: Stack;
  beforeAll(async () => {
    // The receivers here listen on 127.0.0.1, which only this setting lets webhooks reach.
    stack = await startStack({ config: { WEBHOOK_RETRY_BASE_MS: "100", WEBHOOK_ALLOW_PRIVATE: "1" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("delivers each event once, signed, and retries after the receiver answers 500", async () => {
    // 500 once, then 200.
    const statuses = [500];
    const receiver = await startWebhookReceiver((res) => res.writeHead(statuses.shift() ?? 200).end());
    const created = await stack.operatorApi("POST", "/v1/webhooks", {
      url: receiver.url,
      articles: ["wh-*"],
    });
    expect(created.status).toBe(201);
    const { id, secret } = created.body as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);

    const articleId = await stack.createArticle("wh-test");
    await stack.createArticle("other-article"); // not in the webhook's patterns
    const entry = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Hooked" });
    await stack.api("POST", "/v1/articles/other-article/entries", { body: "Not hooked" });
    await waitFor(() => receiver.received.length === 2, 10_000, "the retried delivery");
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${entry.body.id}`, { body: "Hooked, fixed" });
    await stack.api("DELETE", `/v1/articles/${articleId}/entries/${entry.body.id}`);
    await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Renamed", status: "ended" });
    await waitFor(() => receiver.received.length === 5, 10_000, "every event");
    await new Promise((r) => setTimeout(r, 500));

    const verifier = new Webhook(secret);
    const events = receiver.received.map((r) => {
      const payload = verifier.verify(r.body, r.headers as Record<string, string>) as {
        type: string;
        data: { seq: number; articleId: string };
      };
      return {
        type: payload.type,
        seq: payload.data.seq,
        articleId: payload.data.articleId,
        id: r.headers["webhook-id"],
      };
    });
    // The first delivery failed with 500 and was retried with the same message id.
    expect(events[0]).toEqual(events[1]);
    // Deliveries run side by side (and a retry overtakes nothing it waits for), so a receiver
    // orders events by `data.seq`, as docs/api.md says; each event came exactly once.
    const bySeq = events.slice(1).sort((a, b) => a.seq - b.seq);
    expect(bySeq.map((e) => e.type)).toEqual([
      "entry.created",
      "entry.updated",
      "entry.deleted",
      "article.updated",
    ]);
    expect(bySeq.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(new Set(events.map((e) => e.articleId))).toEqual(new Set([articleId]));
    expect(() =>
      verifier.verify(
        receiver.received[1]!.body + " ",
        receiver.received[1]!.headers as Record<string, string>,
      ),
    ).toThrow();

    const log = await stack.operatorApi("GET", `/v1/webhooks/${id}/deliveries`);
    const attempts = (
      log.body.deliveries as { event: string; attempt: number; status: number; ok: boolean }[]
    ).reverse();
    expect(attempts.slice(0, 2)).toMatchObject([
      { event: "entry.created", attempt: 1, status: 500, ok: false },
      { event: "entry.created", attempt: 2, status: 200, ok: true },
    ]);
    expect(attempts).toHaveLength(5);
    const listed = await stack.operatorApi("GET", "/v1/webhooks");
    expect(listed.body.webhooks).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    await receiver.close();
  });

  it("is managed by operators only, validates its input, and stops when removed", async () => {
    const { token: desk } = await stack.tokens.create({ name: "desk", articles: ["politics-*"] });
    const asDesk = { authorization: `Bearer ${desk}` };
    expect(
      (await stack.api("POST", "/v1/webhooks", { url: "https://cms.example/hook" }, asDesk)).status,
    ).toBe(403);
    for (const bad of [
      { url: "ftp://cms.example" },
      { url: "not a url" },
      { url: "https://x.example", events: ["entry.exploded"] },
      { url: "https://x.example", extra: 1 },
    ]) {
      const res = await stack.operatorApi("POST", "/v1/webhooks", bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const receiver = await startWebhookReceiver();
    const hook = (
      await stack.operatorApi("POST", "/v1/webhooks", { url: receiver.url, events: ["entry.created"] })
    ).body as { id: string };
    expect((await stack.operatorApi("DELETE", `/v1/webhooks/${hook.id}`)).status).toBe(204);
    expect((await stack.operatorApi("GET", `/v1/webhooks/${hook.id}`)).status).toBe(404);
    const articleId = await stack.createArticle();
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Nobody listens" });
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(0);
    await receiver.close();
  });
});
