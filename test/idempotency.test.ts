import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader } from "./helpers/reader.js";

describe("Idempotency-Key on new entries", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 2 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("makes 20 concurrent retries of one POST into one entry, and readers see it once", async () => {
    const articleId = await stack.createArticle();
    const reader = startReader(stack.url, articleId);
    await waitFor(() => reader.states.includes("live"));
    const body = { body: "Breaking: ceasefire agreed", keyEvent: true };
    const responses = await Promise.all(
      range(20).map(() =>
        stack.api("POST", `/v1/articles/${articleId}/entries`, body, { "Idempotency-Key": "cms-post-4711" }),
      ),
    );
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([202]));
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);

    // A later retry, after the entry was applied, still returns the same entry.
    await waitFor(() => reader.updates.length === 1, 5_000, "the entry");
    const late = await stack.api("POST", `/v1/articles/${articleId}/entries`, body, {
      "Idempotency-Key": "cms-post-4711",
    });
    expect(late.body.id).toBe([...ids][0]);
    // Another key is another entry.
    await stack.api(
      "POST",
      `/v1/articles/${articleId}/entries`,
      { body: "Second" },
      { "Idempotency-Key": "cms-post-4712" },
    );
    await waitFor(() => reader.updates.length === 2, 5_000, "second entry");
    await new Promise((r) => setTimeout(r, 300));
    expect(reader.seqs()).toEqual([1, 2]);
    const page = await stack.api("GET", `/v1/articles/${articleId}/entries`);
    expect(page.body.entries).toHaveLength(2);
    reader.close();
  });

  it("refuses the same key with a different body (422) and a malformed key (400)", async () => {
    const articleId = await stack.createArticle();
    await stack.api(
      "POST",
      `/v1/articles/${articleId}/entries`,
      { body: "one" },
      { "Idempotency-Key": "k1" },
    );
    const reused = await stack.api(
      "POST",
      `/v1/articles/${articleId}/entries`,
      { body: "two" },
      { "Idempotency-Key": "k1" },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe("idempotency_key_reused");
    const bad = await stack.api(
      "POST",
      `/v1/articles/${articleId}/entries`,
      { body: "one" },
      { "Idempotency-Key": "x".repeat(300) },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
  });
});
