import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../protocol/index.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";

/**
 * Edit conflicts (issue #15 item 4): entries carry a version; a PATCH or DELETE with
 * `If-Match: "<version>"` is applied only if the entry is still at that version, checked
 * atomically with the change, and answers 200 with the new entry or 412 with the current one.
 * Without If-Match nothing changes: 202, queued.
 */
describe("edit conflicts", () => {
  let stack: Stack;
  beforeAll(async () => {
    // Several workers: two queued changes can then be applied at the same moment.
    stack = await startStack({ workers: 2 });
  });
  afterAll(async () => {
    await stack.close();
  });

  async function newEntry(articleId: string, body = "First draft."): Promise<Entry> {
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body });
    return waitFor(async () => {
      const got = await stack.api("GET", `/v1/articles/${articleId}/entries/${res.body.id}`);
      return got.status === 200 ? (got.body as Entry) : undefined;
    });
  }

  it("serves one entry with its version as ETag, and 304 for the current one", async () => {
    const articleId = await stack.createArticle();
    const entry = await newEntry(articleId);
    const res = await fetch(`${stack.url}/v1/articles/${articleId}/entries/${entry.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const again = await fetch(`${stack.url}/v1/articles/${articleId}/entries/${entry.id}`, {
      headers: { "If-None-Match": '"1"' },
    });
    expect(again.status).toBe(304);
    expect((await fetch(`${stack.url}/v1/articles/${articleId}/entries/nope`)).status).toBe(404);
  });

  it("answers 200 with the new entry to an If-Match on the current version, and 412 with the current entry to a stale one", async () => {
    const articleId = await stack.createArticle();
    const entry = await newEntry(articleId);
    const path = `/v1/articles/${articleId}/entries/${entry.id}`;
    // Editor A and editor B both loaded version 1.
    const a = await stack.api("PATCH", path, { body: "Editor A's text." }, { "If-Match": '"1"' });
    expect(a.status).toBe(200);
    expect(a.body.body).toBe("Editor A's text.");
    expect(a.body.version).toBe(2);
    expect(a.headers.get("etag")).toBe('"2"');

    const b = await stack.api("PATCH", path, { body: "Editor B's text." }, { "If-Match": '"1"' });
    expect(b.status).toBe(412);
    expect(b.body.error.code).toBe("precondition_failed");
    expect(b.body.error.details.current.body).toBe("Editor A's text.");
    expect(b.body.error.details.current.version).toBe(2);
    // Nothing was overwritten.
    const now = await stack.api("GET", path);
    expect(now.body.body).toBe("Editor A's text.");
    expect(now.body.version).toBe(2);

    // B chooses to overwrite: sends again with the version it was shown.
    const overwrite = await stack.api("PATCH", path, { body: "Editor B's text." }, { "If-Match": '"2"' });
    expect(overwrite.status).toBe(200);
    expect(overwrite.body.body).toBe("Editor B's text.");
    expect(overwrite.body.version).toBe(3);
  });

  it("lets exactly one of two racing conditional PATCHes on one version win", async () => {
    const articleId = await stack.createArticle();
    for (let round = 0; round < 3; round++) {
      const entry = await newEntry(articleId, `Round ${round}.`);
      const path = `/v1/articles/${articleId}/entries/${entry.id}`;
      const [one, two] = await Promise.all(
        ["One", "Two"].map((who) =>
          stack.api("PATCH", path, { body: `${who} wins.` }, { "If-Match": '"1"' }),
        ),
      );
      const statuses = [one!.status, two!.status].sort();
      expect(statuses).toEqual([200, 412]);
      const winner = one!.status === 200 ? one! : two!;
      const loser = one!.status === 200 ? two! : one!;
      expect(loser.body.error.details.current.body).toBe(winner.body.body);
      const final = await stack.api("GET", path);
      expect(final.body.body).toBe(winner.body.body);
      expect(final.body.version).toBe(2);
    }
  });

  it("refuses a DELETE with a stale If-Match, retracts with the current one", async () => {
    const articleId = await stack.createArticle();
    const entry = await newEntry(articleId);
    const path = `/v1/articles/${articleId}/entries/${entry.id}`;
    expect((await stack.api("PATCH", path, { pinned: true }, { "If-Match": '"1"' })).status).toBe(200);
    const stale = await stack.api("DELETE", path, undefined, { "If-Match": '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe("precondition_failed");
    expect(stale.body.error.details.current.pinned).toBe(true);
    expect((await stack.api("GET", path)).status).toBe(200);
    const ok = await stack.api("DELETE", path, undefined, { "If-Match": '"2"' });
    expect(ok.status).toBe(200);
    expect(ok.body.deleted).toBe(true);
    expect((await stack.api("GET", path)).status).toBe(404);
    // A conditional change to a retracted entry: it is gone, not stale.
    const after = await stack.api("PATCH", path, { body: "Too late." }, { "If-Match": '"3"' });
    expect(after.status).toBe(404);
    expect(after.body.error.code).toBe("entry_not_found");
  });

  it("behaves as before without If-Match: 202, queued, last write wins", async () => {
    const articleId = await stack.createArticle();
    const entry = await newEntry(articleId);
    const path = `/v1/articles/${articleId}/entries/${entry.id}`;
    const res = await stack.api("PATCH", path, { body: "Unconditional." });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: entry.id, articleId, status: "queued" });
    await waitFor(async () => (await stack.api("GET", path)).body.version === 2);
    const del = await stack.api("DELETE", path);
    expect(del.status).toBe(202);
    expect(del.body.status).toBe("queued");
  });

  it("refuses a malformed If-Match with 400 validation_failed", async () => {
    const articleId = await stack.createArticle();
    const entry = await newEntry(articleId);
    const path = `/v1/articles/${articleId}/entries/${entry.id}`;
    for (const tag of ["1", '"0"', '"abc"', 'W/"1"', "*", '"1", "2"', '"-1"']) {
      const res = await stack.api("PATCH", path, { body: "x" }, { "If-Match": tag });
      expect(res.status, tag).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      const del = await stack.api("DELETE", path, undefined, { "If-Match": tag });
      expect(del.status, tag).toBe(400);
    }
    expect((await stack.api("GET", path)).body.version).toBe(1);
  });
});
