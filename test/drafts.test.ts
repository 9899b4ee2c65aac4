import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, startStack, waitFor, type Stack } from "./helpers/stack.js";
import { startReader, type Reader } from "./helpers/reader.js";
import { runTsx } from "./helpers/commands.js";
import { patient } from "./helpers/patience.js";

type Api = Stack["api"];

describe("contributors and approval: drafts", () => {
  let stack: Stack;
  let contributor: Api;
  let otherContributor: Api;
  let contributorId: string;
  const readers: Reader[] = [];
  beforeAll(async () => {
    stack = await startStack();
    const made = await stack.tokens.create({
      name: "Kyiv stringer",
      articles: ["drafts-*"],
      role: "contributor",
    });
    contributorId = made.record.id;
    const other = await stack.tokens.create({ name: "Other stringer", articles: ["*"], role: "contributor" });
    contributor = (method, path, body, headers) =>
      callApi(stack.url, made.token, method, path, body, headers);
    otherContributor = (method, path, body, headers) =>
      callApi(stack.url, other.token, method, path, body, headers);
  });
  afterAll(async () => {
    for (const reader of readers) reader.close();
    await stack?.close();
  });

  /** Everything a reader can get of an article, as one string. */
  async function whatReadersGet(articleId: string): Promise<string> {
    const paths = ["entries", "updates?since=0", "feed.atom", "feed.rss", "embed.html"].map(
      (p) => `/v1/articles/${articleId}/${p}`,
    );
    const texts = await Promise.all(
      paths.map(async (path) => {
        const res = await fetch(stack.url + path);
        expect(res.status, path).toBe(200);
        return `${path} ${await res.text()}`;
      }),
    );
    return texts.join("\n");
  }

  it("a contributor's entry waits as a draft that no reader, socket or feed ever sees", async () => {
    const articleId = await stack.createArticle("drafts-hidden", "Hidden drafts");
    const reader = startReader(stack.url, articleId);
    readers.push(reader);
    await waitFor(() => reader.states.includes("live"), 10_000, "reader live");

    const submitted = await contributor("POST", `/v1/articles/${articleId}/entries`, {
      body: "Shelling reported near the **station**",
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      articleId,
      entry: { body: "Shelling reported near the **station**", author: { name: "Kyiv stringer" } },
      submittedBy: { tokenId: contributorId, name: "Kyiv stringer" },
    });
    expect(submitted.headers.get("location")).toBe(`/v1/articles/${articleId}/drafts/${submitted.body.id}`);

    // An editor's entry after it: once readers have that, the draft would have come before it.
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Editor's marker" });
    await waitFor(() => reader.entries.some((e) => e.body === "Editor's marker"), 10_000, "marker");
    expect(JSON.stringify(reader.updates)).not.toContain("Shelling");
    expect(reader.entries.map((e) => e.body)).toEqual(["Editor's marker"]);
    const everything = await whatReadersGet(articleId);
    expect(everything).toContain("marker");
    expect(everything).not.toContain("Shelling");
    expect(everything).not.toContain(submitted.body.id);
  });

  it("a contributor may not publish, correct, retract, change articles or read the audit (403)", async () => {
    const articleId = await stack.createArticle("drafts-forbidden", "Forbidden");
    const posted = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Published text" });
    const entryPath = `/v1/articles/${articleId}/entries/${posted.body.id}`;
    await waitFor(async () => (await stack.api("GET", entryPath)).status === 200, 10_000, "entry applied");
    const draft = await contributor("POST", `/v1/articles/${articleId}/entries`, { body: "My draft" });
    const refused = [
      await contributor("PATCH", entryPath, { body: "Rewritten" }),
      await contributor("DELETE", entryPath),
      await contributor("PUT", `/v1/articles/${articleId}`, { title: "Renamed" }),
      await contributor("PUT", `/v1/articles/drafts-new`, { title: "New" }),
      await contributor("POST", `/v1/articles/${articleId}/drafts/${draft.body.id}/publish`),
      await contributor("POST", `/v1/articles/${articleId}/drafts/${draft.body.id}/reject`),
      await contributor("GET", `/v1/articles/${articleId}/audit`),
      await contributor("GET", `/v1/articles/${articleId}/scheduled`),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
      expect(res.body.error.message).toMatch(/contributor token/);
    }
    // Outside its patterns, as for any token.
    const outside = await contributor(
      "POST",
      `/v1/articles/${await stack.createArticle("elsewhere")}/entries`,
      {
        body: "x",
      },
    );
    expect(outside.status).toBe(403);
    // Nothing changed.
    expect((await stack.api("GET", entryPath)).body.body).toBe("Published text");
    expect((await stack.api("GET", `/v1/articles/${articleId}`)).body.title).toBe("Forbidden");
    expect((await stack.api("GET", `/v1/articles/drafts-new`)).status).toBe(404);
    expect((await stack.api("GET", `/v1/articles/${articleId}/drafts`)).body.drafts).toHaveLength(1);
    // What it may do: preview, and know its own role.
    expect((await contributor("POST", "/v1/preview", { body: "*a*" })).body.html).toContain("<em>a</em>");
    expect((await contributor("GET", "/v1/token")).body).toMatchObject({
      name: "Kyiv stringer",
      role: "contributor",
    });
    expect((await stack.api("GET", "/v1/token")).body.role).toBe("editor");
  });

  it(
    "npm run token -- create --role contributor mints a token whose entries become drafts",
    async () => {
      const env = { REDIS_URL: stack.config.REDIS_URL, KEY_PREFIX: stack.config.KEY_PREFIX };
      const created = runTsx(
        "bin/token.ts",
        ["create", "--name", "freelancer", "--articles", "drafts-*", "--role", "contributor"],
        env,
      );
      expect(created.stdout).toContain("Created contributor token");
      const token = created.stdout.trim().split("\n").at(-1)!;
      const articleId = await stack.createArticle("drafts-cli", "CLI");
      const res = await callApi(stack.url, token, "POST", `/v1/articles/${articleId}/entries`, {
        body: "Via CLI",
      });
      expect(res.status).toBe(201);
      expect(runTsx("bin/token.ts", ["list"], env).stdout).toMatch(
        /freelancer {2}articles=drafts-\* {2}contributor/,
      );
      const bad = runTsx("bin/token.ts", ["create", "--name", "y", "--articles", "*", "--role", "boss"], env);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--role: "boss" is not editor or contributor');
      const both = runTsx(
        "bin/token.ts",
        ["create", "--name", "z", "--articles", "*", "--role", "contributor", "--operator"],
        env,
      );
      expect(both.status).toBe(2);
    },
    patient(30_000),
  );

  it("contributors list and edit only their own drafts", async () => {
    const articleId = await stack.createArticle("drafts-own", "Own drafts");
    const mine = await contributor("POST", `/v1/articles/${articleId}/entries`, { body: "Mine" });
    const theirs = await otherContributor("POST", `/v1/articles/${articleId}/entries`, { body: "Theirs" });
    const listed = await contributor("GET", `/v1/articles/${articleId}/drafts`);
    expect(listed.body.drafts.map((d: { entry: { body: string } }) => d.entry.body)).toEqual(["Mine"]);
    const editOwn = await contributor("PATCH", `/v1/articles/${articleId}/drafts/${mine.body.id}`, {
      body: "Mine, fixed",
      title: "Update",
    });
    expect(editOwn.status).toBe(200);
    expect(editOwn.body.entry).toMatchObject({ body: "Mine, fixed", title: "Update" });
    const editTheirs = await contributor("PATCH", `/v1/articles/${articleId}/drafts/${theirs.body.id}`, {
      body: "Hijacked",
    });
    expect(editTheirs.status).toBe(403);
    const all = await stack.api("GET", `/v1/articles/${articleId}/drafts`);
    expect(all.body.drafts.map((d: { entry: { body: string } }) => d.entry.body)).toEqual([
      "Mine, fixed",
      "Theirs",
    ]);
    // A retried submit (same Idempotency-Key) is one draft.
    const key = { "Idempotency-Key": "retry-1" };
    const once = await contributor("POST", `/v1/articles/${articleId}/entries`, { body: "Once" }, key);
    const again = await contributor("POST", `/v1/articles/${articleId}/entries`, { body: "Once" }, key);
    expect(again.body.id).toBe(once.body.id);
    expect((await contributor("GET", `/v1/articles/${articleId}/drafts`)).body.drafts).toHaveLength(2);
  });

  it("an editor edits and publishes a draft: readers get it with the contributor's byline; each step audited", async () => {
    const articleId = await stack.createArticle("drafts-publish", "Publish");
    const reader = startReader(stack.url, articleId);
    readers.push(reader);
    await waitFor(() => reader.states.includes("live"), 10_000, "reader live");
    const draft = await contributor("POST", `/v1/articles/${articleId}/entries`, {
      body: "Explosions heard in the cetnre",
      author: { name: "Olena K." },
    });
    const path = `/v1/articles/${articleId}/drafts/${draft.body.id}`;
    const edited = await stack.api("PATCH", path, { body: "Explosions heard in the centre", keyEvent: true });
    expect(edited.status).toBe(200);
    expect((await stack.api("PATCH", path, { body: "" })).status).toBe(400);
    expect((await stack.api("PATCH", path, { correction: "note" })).status).toBe(400);

    const published = await stack.api("POST", `${path}/publish`);
    expect(published.status).toBe(202);
    expect(published.body).toEqual({ id: draft.body.id, articleId, status: "queued" });
    const seen = await waitFor(() => reader.entries.find((e) => e.id === draft.body.id), 10_000, "published");
    expect(seen).toMatchObject({
      body: "Explosions heard in the centre",
      author: { name: "Olena K." },
      keyEvent: true,
    });
    expect((await stack.api("GET", `/v1/articles/${articleId}/drafts`)).body.drafts).toEqual([]);
    // Published once: a second press, or a reject after it, finds no draft.
    expect((await stack.api("POST", `${path}/publish`)).status).toBe(404);
    expect((await stack.api("POST", `${path}/reject`)).body.error.code).toBe("not_found");
    expect((await contributor("PATCH", path, { body: "Too late" })).status).toBe(404);

    const audit = await stack.api("GET", `/v1/articles/${articleId}/audit`);
    const steps = (audit.body.records as { action: string; entryId: string; actor: { name: string } }[])
      .filter((r) => r.entryId === draft.body.id)
      .map((r) => `${r.action} by ${r.actor.name}`)
      .reverse();
    expect(steps).toEqual([
      "draft.create by Kyiv stringer",
      "draft.update by test-editor",
      "draft.publish by test-editor",
    ]);
  });

  it("an editor rejects a draft with a reason: it is gone, readers never saw it, the audit keeps the reason", async () => {
    const articleId = await stack.createArticle("drafts-reject", "Reject");
    const draft = await contributor("POST", `/v1/articles/${articleId}/entries`, {
      body: "Unverified rumour",
    });
    const rejected = await stack.api("POST", `/v1/articles/${articleId}/drafts/${draft.body.id}/reject`, {
      reason: "Not confirmed by a second source",
    });
    expect(rejected.status).toBe(204);
    expect((await stack.api("GET", `/v1/articles/${articleId}/drafts`)).body.drafts).toEqual([]);
    expect((await contributor("GET", `/v1/articles/${articleId}/drafts`)).body.drafts).toEqual([]);
    expect(await whatReadersGet(articleId)).not.toContain("rumour");
    const audit = await stack.api("GET", `/v1/articles/${articleId}/audit`);
    expect(audit.body.records[0]).toMatchObject({
      action: "draft.reject",
      entryId: draft.body.id,
      reason: "Not confirmed by a second source",
      actor: { name: "test-editor" },
    });
    // Without a body too.
    const second = await contributor("POST", `/v1/articles/${articleId}/entries`, { body: "Another" });
    expect(
      (await stack.api("POST", `/v1/articles/${articleId}/drafts/${second.body.id}/reject`)).status,
    ).toBe(204);
  });
});
