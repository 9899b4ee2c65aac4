import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader } from "./helpers/reader.js";

describe("the live pipeline: editor → queue → workers → log → pub/sub → readers", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 3 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("delivers 50 concurrently posted entries to every reader, in seq order, exactly once", async () => {
    const articleId = await stack.createArticle();
    const readers = [1, 2, 3].map(() => startReader(stack.url, articleId));
    await waitFor(() => readers.every((r) => r.states.includes("live")), 5_000, "readers live");

    const posted = await Promise.all(
      range(50).map((i) =>
        stack.api("POST", `/v1/articles/${articleId}/entries`, { body: `Entry number ${i}` }),
      ),
    );
    expect(posted.map((p) => p.status)).toEqual(range(50).map(() => 202));
    const ids = new Set(posted.map((p) => p.body.id as string));
    expect(ids.size).toBe(50);

    for (const reader of readers) {
      await waitFor(() => reader.updates.length >= 50, 10_000, "50 updates");
      expect(reader.seqs()).toEqual(range(50));
      expect(new Set(reader.updates.map((u) => (u.type === "entry.created" ? u.entry.id : "")))).toEqual(ids);
      expect(reader.entries).toHaveLength(50);
    }
    // Every reader saw the same order.
    const order = readers[0]!.updates.map((u) => (u.type === "entry.created" ? u.entry.id : ""));
    for (const reader of readers)
      expect(reader.updates.map((u) => (u.type === "entry.created" ? u.entry.id : ""))).toEqual(order);
    // The log agrees with what readers saw.
    const log = await stack.api("GET", `/v1/articles/${articleId}/updates?since=0`);
    expect(log.body.seq).toBe(50);
    expect(log.body.updates.map((u: { seq: number }) => u.seq)).toEqual(range(50));
    readers.forEach((r) => r.close());
  });

  it("shows a correction and a retraction live, in place", async () => {
    const articleId = await stack.createArticle();
    const reader = startReader(stack.url, articleId);
    await waitFor(() => reader.states.includes("live"));
    const created = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
      body: "Talks **resume** at noon",
      title: "Talks resume",
      author: { name: "A. Reporter" },
    });
    const entryId = created.body.id as string;
    await waitFor(() => reader.entries.find((e) => e.id === entryId), 5_000, "entry shown");
    expect(reader.entries[0]).toMatchObject({
      id: entryId,
      title: "Talks resume",
      html: "<p>Talks <strong>resume</strong> at noon</p>",
      author: { name: "A. Reporter" },
      pinned: false,
    });

    const patched = await stack.api("PATCH", `/v1/articles/${articleId}/entries/${entryId}`, {
      body: "Talks resume at **1 pm**",
      pinned: true,
      title: null,
    });
    expect(patched.status).toBe(202);
    await waitFor(() => reader.entries[0]?.html.includes("1 pm"), 5_000, "correction shown");
    expect(reader.entries).toHaveLength(1);
    expect(reader.entries[0]).toMatchObject({ id: entryId, pinned: true, seq: 2 });
    expect(reader.entries[0]!.title).toBeUndefined();
    expect(reader.entries[0]!.updatedAt).toBeTypeOf("string");
    const view = await stack.api("GET", `/v1/articles/${articleId}`);
    expect(view.body.pinned.map((e: { id: string }) => e.id)).toEqual([entryId]);

    const deleted = await stack.api("DELETE", `/v1/articles/${articleId}/entries/${entryId}`);
    expect(deleted.status).toBe(202);
    await waitFor(() => reader.entries.length === 0, 5_000, "retraction applied");
    expect(reader.updates.map((u) => u.type)).toEqual(["entry.created", "entry.updated", "entry.deleted"]);
    const gone = reader.updates[2]!;
    expect(gone.type === "entry.deleted" && gone.entry).toMatchObject({
      id: entryId,
      deleted: true,
      body: "",
      html: "",
    });
    const after = await stack.api("GET", `/v1/articles/${articleId}`);
    expect(after.body.pinned).toEqual([]);
    expect((await stack.api("GET", `/v1/articles/${articleId}/entries`)).body.entries).toEqual([]);
    // A retracted entry cannot be corrected or retracted again.
    expect(
      (await stack.api("PATCH", `/v1/articles/${articleId}/entries/${entryId}`, { body: "x" })).status,
    ).toBe(404);
    expect((await stack.api("DELETE", `/v1/articles/${articleId}/entries/${entryId}`)).status).toBe(404);
    reader.close();
  });

  it("pages history newest first and ends coverage for readers", async () => {
    const articleId = await stack.createArticle();
    for (const i of range(7)) {
      await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: `Item ${i}`, keyEvent: i === 3 });
    }
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 7);
    const first = await stack.api("GET", `/v1/articles/${articleId}/entries?limit=3`);
    expect(first.body.entries.map((e: { body: string }) => e.body)).toEqual(["Item 7", "Item 6", "Item 5"]);
    const second = await stack.api(
      "GET",
      `/v1/articles/${articleId}/entries?limit=3&before=${first.body.nextCursor}`,
    );
    expect(second.body.entries.map((e: { body: string }) => e.body)).toEqual(["Item 4", "Item 3", "Item 2"]);
    const third = await stack.api(
      "GET",
      `/v1/articles/${articleId}/entries?limit=3&before=${second.body.nextCursor}`,
    );
    expect(third.body.entries.map((e: { body: string }) => e.body)).toEqual(["Item 1"]);
    expect(third.body.nextCursor).toBeUndefined();
    expect(
      (await stack.api("GET", `/v1/articles/${articleId}`)).body.keyEvents.map(
        (e: { body: string }) => e.body,
      ),
    ).toEqual(["Item 3"]);

    const reader = startReader(stack.url, articleId);
    await waitFor(() => reader.states.includes("live"));
    const ended = await stack.api("PUT", `/v1/articles/${articleId}`, {
      title: "Coverage over",
      status: "ended",
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: "ended", seq: 8, endedAt: expect.any(String) });
    await waitFor(() => reader.updates.find((u) => u.type === "article.updated"), 5_000, "article.updated");
    expect(reader.updates.at(-1)).toMatchObject({
      type: "article.updated",
      seq: 8,
      article: { status: "ended", title: "Coverage over" },
    });
    const refused = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "too late" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("article_ended");
    // The same PUT again changes nothing and adds no seq.
    expect(
      (await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Coverage over", status: "ended" })).body
        .seq,
    ).toBe(8);
    reader.close();
  });
});
