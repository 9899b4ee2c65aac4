import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchesPattern } from "../protocol/index.js";
import { callApi, startStack, waitFor, type Stack } from "./helpers/stack.js";
import { patient } from "./helpers/patience.js";
import { startWebhookReceiver, type WebhookReceiver } from "./helpers/webhook-receiver.js";

describe("article id patterns", () => {
  it.each([
    ["budget-live", "budget-live", true],
    ["budget-live", "budget-live2", false],
    ["budget-live", "Budget-live", false],
    ["politics-*", "politics-", true],
    ["politics-*", "politics-eu", true],
    ["politics-*", "xpolitics-eu", false],
    ["*-live", "-live", true],
    ["*-live", "budget-live", true],
    ["*-live", "budget-live.1", false],
    ["a*b*c", "abc", true],
    ["a*b*c", "a1b2b3c", true],
    ["a*b*c", "acb", false],
    ["a*b*c", "abcx", false],
    ["a*bc*bc", "abcbc", true],
    ["a*bc*bc", "abc", false],
    ["ab*ba", "aba", false],
    ["*", "anything.at-all", true],
    ["**", "x", true],
    ["a**b", "ab", true],
    ["a**b", "a-b", true],
    ["*a*", "bbb", false],
    ["election.2026", "electionX2026", false],
  ])("%s against %s: %s", (pattern, id, expected) => {
    expect(matchesPattern(pattern, id)).toBe(expected);
  });

  it("answers a pathological pattern against a 127-character id in under 10 ms", () => {
    const cases = [
      ["*a*a*a*a*a*b", "a".repeat(127)],
      ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(127)],
      [`${"*a".repeat(60)}*b`, "a".repeat(127)],
    ] as const;
    // Every run must be fast, so the slowest of five counts (and a regression fails on the first).
    for (let run = 0; run < 5; run++) {
      for (const [pattern, id] of cases) {
        const started = performance.now();
        expect(matchesPattern(pattern, id)).toBe(false);
        expect(performance.now() - started, pattern).toBeLessThan(10);
      }
    }
  });
});

/** The pattern that took the backtracking regex 40 s against `ID_127`. */
const PATHOLOGICAL = "*a*a*a*a*a*b";
/** The longest article id there is (protocol/ids.ts: 128 characters) less one, all `a`. */
const ID_127 = "a".repeat(127);

describe("a pathological pattern where Herald matches it", () => {
  // A hang bound, not a speed goal: the regex held the event loop for tens of seconds.
  const BOUND_MS = patient(2_000);

  describe("in the request path (token scopes)", () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack();
    });
    afterAll(async () => {
      await stack?.close();
    });

    it("a token scoped to it is refused (403) a 127-character article at once", async () => {
      const articleId = await stack.createArticle(ID_127);
      const { token } = await stack.tokens.create({ name: "pathological", articles: [PATHOLOGICAL] });
      const started = performance.now();
      const res = await callApi(stack.url, token, "POST", `/v1/articles/${articleId}/entries`, {
        body: "Never written",
      });
      expect(performance.now() - started).toBeLessThan(BOUND_MS);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    });
  });

  describe("in the worker's webhook matching", () => {
    let stack: Stack;
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      stack = await startStack({ config: { WEBHOOK_ALLOW_PRIVATE: "1" } });
      receiver = await startWebhookReceiver();
    });
    afterAll(async () => {
      await receiver?.close();
      await stack?.close();
    });

    it("a webhook subscribed to it holds up no delivery: the others get theirs within the bound", async () => {
      const { origin: base, received } = receiver;
      const stuck = await stack.operatorApi("POST", "/v1/webhooks", {
        url: `${base}/pathological`,
        articles: [PATHOLOGICAL],
      });
      const every = await stack.operatorApi("POST", "/v1/webhooks", {
        url: `${base}/every`,
        articles: ["*"],
      });
      expect([stuck.status, every.status]).toEqual([201, 201]);
      const articleId = await stack.createArticle(ID_127);

      const started = performance.now();
      await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Past the pattern" });
      await waitFor(
        () => received.some((r) => r.path === "/every" && r.body.includes("Past the pattern")),
        BOUND_MS,
        "the other webhook's delivery",
      );
      expect(performance.now() - started).toBeLessThan(BOUND_MS);
      expect(received.filter((r) => r.path === "/pathological")).toEqual([]);
      const log = await stack.operatorApi("GET", `/v1/webhooks/${stuck.body.id}/deliveries`);
      expect(log.body.deliveries).toEqual([]);
    });
  });
});
