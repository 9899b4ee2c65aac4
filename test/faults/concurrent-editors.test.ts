import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { range, startReader } from "../helpers/reader.js";
import { expectExactlyOnceInOrder } from "../helpers/checks.js";

describe("two editors posting to one article at once, three workers", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 3 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("seq grows by one per change and every reader sees the same order as the log", async () => {
    const articleId = await stack.createArticle();
    const readers = range(3).map(() => startReader(stack.url, articleId));
    await waitFor(() => readers.every((r) => r.states.includes("live")));
    const { token: second } = await stack.tokens.create({ name: "second-desk", articles: [articleId] });

    const editor = async (name: string, token?: string) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      for (const i of range(15)) {
        const res = await stack.api(
          "POST",
          `/v1/articles/${articleId}/entries`,
          { body: `${name} ${i}` },
          headers,
        );
        expect(res.status).toBe(202);
        // Correct every third entry right away: the correction may reach a worker first.
        if (i % 3 === 0) {
          const fix = await stack.api(
            "PATCH",
            `/v1/articles/${articleId}/entries/${res.body.id}`,
            { body: `${name} ${i} (corrected)` },
            headers,
          );
          expect(fix.status).toBe(202);
        }
      }
    };
    await Promise.all([editor("first"), editor("second", second)]);
    const total = 30 + 10;
    for (const reader of readers) await waitFor(() => reader.updates.length >= total, 15_000, "all changes");
    await new Promise((r) => setTimeout(r, 300));
    expectExactlyOnceInOrder(readers, total);
    const log = await stack.api("GET", `/v1/articles/${articleId}/updates?since=0`);
    const logOrder = log.body.updates.map(
      (u: { type: string; entry: { id: string } }) => `${u.type}:${u.entry.id}`,
    );
    for (const reader of readers) {
      expect(
        reader.updates.map((u) => (u.type === "article.updated" ? "" : `${u.type}:${u.entry.id}`)),
      ).toEqual(logOrder);
      expect(reader.entries.filter((e) => e.body.endsWith("(corrected)"))).toHaveLength(10);
    }
    readers.forEach((r) => r.close());
  });
});
