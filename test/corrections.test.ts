import { parseDocument, DomUtils } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../protocol/index.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { startWebhookReceiver } from "./helpers/webhook-receiver.js";

/**
 * Labelled corrections (issue #15 item 1): a PATCH with a `correction` note records it on the
 * entry, atomically with the change; a PATCH without one stays a silent fix. Readers see the
 * note everywhere an entry goes: the API, the article's corrections list, embed.html's JSON-LD
 * and HTML, and the feeds.
 */
describe("labelled corrections", () => {
  let stack: Stack;
  beforeAll(async () => {
    // The webhook receiver below listens on 127.0.0.1, which only this setting lets webhooks reach.
    stack = await startStack({ config: { WEBHOOK_ALLOW_PRIVATE: "1" } });
  });
  afterAll(async () => {
    await stack.close();
  });

  async function postEntry(articleId: string, body: object): Promise<Entry> {
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, body);
    expect(res.status).toBe(202);
    return waitFor(async () => {
      const got = await stack.api("GET", `/v1/articles/${articleId}/entries/${res.body.id}`);
      return got.status === 200 ? (got.body as Entry) : undefined;
    });
  }

  /** The entry once it is at `version`. */
  async function entryAt(articleId: string, entryId: string, version: number): Promise<Entry> {
    return waitFor(async () => {
      const got = await stack.api("GET", `/v1/articles/${articleId}/entries/${entryId}`);
      return got.body?.version === version ? (got.body as Entry) : undefined;
    });
  }

  it("records a note with its time on a PATCH with `correction`, and none on a silent fix", async () => {
    const articleId = await stack.createArticle();
    const entry = await postEntry(articleId, { body: "The vote is at 3pm." });
    expect(entry.version).toBe(1);
    expect(entry.corrections).toBeUndefined();

    const before = Date.now();
    const fix = await stack.api("PATCH", `/v1/articles/${articleId}/entries/${entry.id}`, {
      body: "The vote is at 4pm.",
      correction: "An earlier version misstated the time of the vote.",
    });
    expect(fix.status).toBe(202);
    const corrected = await entryAt(articleId, entry.id, 2);
    expect(corrected.body).toBe("The vote is at 4pm.");
    expect(corrected.corrections).toHaveLength(1);
    expect(corrected.corrections?.[0]?.note).toBe("An earlier version misstated the time of the vote.");
    expect(Date.parse(corrected.corrections?.[0]?.at ?? "")).toBeGreaterThanOrEqual(before - 1000);
    expect(corrected.corrections?.[0]?.at).toBe(corrected.updatedAt);

    // A silent typo fix: a new version, no new note.
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${entry.id}`, {
      body: "The vote is at 4 pm.",
    });
    const silent = await entryAt(articleId, entry.id, 3);
    expect(silent.body).toBe("The vote is at 4 pm.");
    expect(silent.corrections).toHaveLength(1);

    // A note alone labels an entry that was already fixed; notes stay oldest first.
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${entry.id}`, {
      correction: "The venue was also wrong.",
    });
    const labelled = await entryAt(articleId, entry.id, 4);
    expect(labelled.body).toBe("The vote is at 4 pm.");
    expect(labelled.corrections?.map((c) => c.note)).toEqual([
      "An earlier version misstated the time of the vote.",
      "The venue was also wrong.",
    ]);

    // The live update and the log carry it too.
    const updates = await stack.api("GET", `/v1/articles/${articleId}/updates?since=0`);
    const last = updates.body.updates.at(-1);
    expect(last.type).toBe("entry.updated");
    expect(last.entry.corrections).toHaveLength(2);

    // The audit log names the note.
    const audit = await stack.api("GET", `/v1/articles/${articleId}/audit`);
    const notes = (audit.body.records as { action: string; correction?: string }[])
      .filter((r) => r.action === "entry.update")
      .map((r) => r.correction ?? null);
    expect(notes).toEqual([
      "The venue was also wrong.",
      null,
      "An earlier version misstated the time of the vote.",
    ]);
  });

  it("lists the article's corrections newest first, without retracted entries, cached like the other reads", async () => {
    const articleId = await stack.createArticle();
    const first = await postEntry(articleId, { title: "Polls close", body: "Polls close at 8." });
    const second = await postEntry(articleId, { body: "Turnout is 61%." });
    const gone = await postEntry(articleId, { body: "A rumour." });
    const note = (entryId: string, correction: string, version: number) =>
      stack
        .api("PATCH", `/v1/articles/${articleId}/entries/${entryId}`, { correction })
        .then(() => entryAt(articleId, entryId, version));
    await note(first.id, "Polls close at 9, not 8.", 2);
    await note(second.id, "Turnout was 59%.", 2);
    await note(gone.id, "This rumour was false.", 2);
    await stack.api("DELETE", `/v1/articles/${articleId}/entries/${gone.id}`);
    await waitFor(
      async () => (await stack.api("GET", `/v1/articles/${articleId}/entries/${gone.id}`)).status === 404,
    );

    const res = await fetch(`${stack.url}/v1/articles/${articleId}/corrections`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("public");
    const etag = res.headers.get("etag");
    expect(etag).toBeTruthy();
    const body = (await res.json()) as {
      corrections: { entryId: string; note: string; at: string; entryTitle?: string }[];
    };
    expect(body.corrections.map((c) => [c.entryId, c.note, c.entryTitle])).toEqual([
      [second.id, "Turnout was 59%.", undefined],
      [first.id, "Polls close at 9, not 8.", "Polls close"],
    ]);
    const again = await fetch(`${stack.url}/v1/articles/${articleId}/corrections`, {
      headers: { "If-None-Match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    const limited = await fetch(`${stack.url}/v1/articles/${articleId}/corrections?limit=1`);
    expect(((await limited.json()) as typeof body).corrections).toHaveLength(1);
  });

  it("answers the corrections of a private article to reader-token holders only", async () => {
    const articleId = `priv-${Date.now().toString(36)}`;
    await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Members only", private: true });
    const res = await fetch(`${stack.url}/v1/articles/${articleId}/corrections`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect((await fetch(`${stack.url}/v1/articles/nope-${Date.now()}/corrections`)).status).toBe(404);
  });

  it("puts CorrectionComment on the corrected BlogPosting of embed.html, and the note in its HTML", async () => {
    const articleId = await stack.createArticle();
    const plain = await postEntry(articleId, { body: "Silent <fix> here." });
    const corrected = await postEntry(articleId, { body: "Count: 10." });
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${plain.id}`, { body: "Silent fix here." });
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${corrected.id}`, {
      body: "Count: 12.",
      correction: "We misreported the count as 10 <b>not</b> 12.",
    });
    const done = await entryAt(articleId, corrected.id, 2);
    await entryAt(articleId, plain.id, 2);

    const html = await (await fetch(`${stack.url}/v1/articles/${articleId}/embed.html`)).text();
    const doc = parseDocument(html);
    const script = DomUtils.findOne(
      (el) => el.name === "script" && el.attribs.type === "application/ld+json",
      doc.children,
    );
    const ld = JSON.parse(DomUtils.textContent(script!)) as {
      liveBlogUpdate: {
        url: string;
        correction?: { "@type": string; text: string; datePublished: string }[];
      }[];
    };
    const posting = (id: string) => ld.liveBlogUpdate.find((u) => u.url.endsWith(`#entry-${id}`));
    expect(posting(corrected.id)?.correction).toEqual([
      {
        "@type": "CorrectionComment",
        text: "We misreported the count as 10 <b>not</b> 12.",
        datePublished: done.corrections?.[0]?.at,
      },
    ]);
    expect(posting(plain.id)?.correction).toBeUndefined();

    const article = DomUtils.findOne((el) => el.attribs.id === `entry-${corrected.id}`, doc.children);
    const text = DomUtils.textContent(article!);
    expect(text).toContain("Corrected");
    expect(text).toContain("We misreported the count as 10 <b>not</b> 12.");
    // The note is text: no <b> element came of it.
    expect(DomUtils.findOne((el) => el.name === "b", article!.children)).toBeNull();
    const silent = DomUtils.findOne((el) => el.attribs.id === `entry-${plain.id}`, doc.children);
    expect(DomUtils.textContent(silent!)).toContain("Updated");
    expect(DomUtils.textContent(silent!)).not.toContain("Corrected");
  });

  it("updates the feed item: its updated time is the correction's and its content has the note", async () => {
    const articleId = await stack.createArticle();
    const entry = await postEntry(articleId, { body: "Sixty arrests." });
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${entry.id}`, {
      body: "Sixteen arrests.",
      correction: "The number of arrests was misstated.",
    });
    const done = await entryAt(articleId, entry.id, 2);
    const atom = await (await fetch(`${stack.url}/v1/articles/${articleId}/feed.atom`)).text();
    const doc = parseDocument(atom, { xmlMode: true });
    const item = DomUtils.getElementsByTagName("entry", doc.children)[0];
    expect(item).toBeDefined();
    const updated = DomUtils.textContent(DomUtils.getElementsByTagName("updated", [item!])[0]!);
    expect(Date.parse(updated)).toBe(Date.parse(done.corrections?.[0]?.at ?? ""));
    const content = DomUtils.textContent(DomUtils.getElementsByTagName("content", [item!])[0]!);
    expect(content).toContain("Sixteen arrests.");
    expect(content).toContain("The number of arrests was misstated.");
    const rss = await (await fetch(`${stack.url}/v1/articles/${articleId}/feed.rss`)).text();
    expect(rss).toContain("The number of arrests was misstated.");
  });

  it("sends the note with the entry.updated webhook", async () => {
    const receiver = await startWebhookReceiver();
    const bodies = () => receiver.received.map((r) => r.body);
    try {
      const articleId = await stack.createArticle();
      const entry = await postEntry(articleId, { body: "Hooked." });
      const hook = await stack.operatorApi("POST", "/v1/webhooks", {
        url: receiver.url,
        events: ["entry.updated"],
        articles: [articleId],
      });
      expect(hook.status).toBe(201);
      // A new webhook hears events from within a second of its creation: correct until one arrives.
      for (let i = 0; bodies().length === 0 && i < 40; i++) {
        await stack.api("PATCH", `/v1/articles/${articleId}/entries/${entry.id}`, {
          correction: `Note ${i}.`,
        });
        await waitFor(() => bodies().length > 0, 250).catch(() => undefined);
      }
      const event = JSON.parse(bodies()[0] ?? "{}") as { type: string; data: { entry: Entry } };
      expect(event.type).toBe("entry.updated");
      expect(event.data.entry.corrections?.at(-1)?.note).toMatch(/^Note \d+\.$/);
    } finally {
      await receiver.close();
    }
  });

  it("refuses bad notes with validation_failed", async () => {
    const articleId = await stack.createArticle();
    const entry = await postEntry(articleId, { body: "Text." });
    const path = `/v1/articles/${articleId}/entries/${entry.id}`;
    for (const correction of ["", "   ", "two\nlines", "x".repeat(501), 42, null]) {
      const res = await stack.api("PATCH", path, { correction });
      expect(res.status, JSON.stringify(correction)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.details[0].path).toBe("correction");
    }
    const ok = await stack.api("PATCH", path, { correction: "x".repeat(500) });
    expect(ok.status).toBe(202);
    expect((await stack.api("PATCH", path, {})).body.error.code).toBe("validation_failed");
    const missing = await stack.api("PATCH", `/v1/articles/${articleId}/entries/nope`, {
      correction: "Note.",
    });
    expect(missing.body.error.code).toBe("entry_not_found");
  });
});
