import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../protocol/index.js";
import { createEntriesQueue, type EntriesQueue } from "../queue/entries-queue.js";
import { createOpId, type Operation } from "../article-log/operation.js";
import { applyOperation } from "../article-log/write.js";
import { readEntry } from "../article-log/read.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range } from "./helpers/reader.js";

const READS_PER_MINUTE = 5;

describe("the per-address read budget", () => {
  let stack: Stack;
  let articleId: string;
  beforeAll(async () => {
    // One trusted proxy hop, so each test reads from an address of its own (X-Forwarded-For).
    stack = await startStack({
      config: { RATE_READS_PER_MINUTE: String(READS_PER_MINUTE), TRUST_PROXY: "1" },
    });
    articleId = await stack.createArticle();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const from = (ip: string, method: string, path: string, headers: Record<string, string> = {}) =>
    fetch(stack.url + path, { method, headers: { "x-forwarded-for": ip, ...headers } });

  it("HEAD requests count against it like GET, and then get 429", async () => {
    const ip = "203.0.113.10";
    const statuses: number[] = [];
    for (let i = 0; i < READS_PER_MINUTE + 2; i++) {
      statuses.push((await from(ip, "HEAD", `/v1/articles/${articleId}`)).status);
    }
    expect(statuses.slice(0, READS_PER_MINUTE)).toEqual(range(READS_PER_MINUTE).map(() => 200));
    expect(statuses.slice(READS_PER_MINUTE)).toEqual([429, 429]);
    const get = await from(ip, "GET", `/v1/articles/${articleId}/updates?since=0`);
    expect(get.status).toBe(429);
    expect(get.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another address still reads.
    expect((await from("203.0.113.11", "HEAD", `/v1/articles/${articleId}`)).status).toBe(200);
  });

  it("writes without a token count against it; an editor's writes count against the token only", async () => {
    const ip = "203.0.113.20";
    const anonymous: number[] = [];
    for (let i = 0; i < READS_PER_MINUTE + 1; i++) {
      const res = await from(ip, "POST", `/v1/articles/${articleId}/entries`, {
        "content-type": "application/json",
      });
      anonymous.push(res.status);
    }
    expect(anonymous).toEqual([...range(READS_PER_MINUTE).map(() => 401), 429]);
    // The address has no reads left, yet its editor still writes: editors are limited per token.
    const editor = await fetch(`${stack.url}/v1/articles/${articleId}/entries`, {
      method: "POST",
      headers: {
        "x-forwarded-for": ip,
        authorization: `Bearer ${stack.token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ body: "Still posting" }),
    });
    expect(editor.status).toBe(202);
    // A CORS preflight is never counted: the browser could not send the write otherwise.
    const preflight = await from(ip, "OPTIONS", `/v1/articles/${articleId}/entries`, {
      origin: "https://news.example",
      "access-control-request-method": "POST",
    });
    expect(preflight.status).toBe(204);
  });
});

describe("JSON bodies", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("a body declared as UTF-16 gets 415 unsupported_media_type, not invalid_json", async () => {
    const articleId = await stack.createArticle();
    const json = JSON.stringify({ body: "Talks resume" });
    for (const [charset, bytes] of [
      ["utf-16", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")])],
      ["utf-16le", Buffer.from(json, "utf16le")],
      ["UTF-32", Buffer.from(json, "utf8")],
    ] as const) {
      const res = await fetch(`${stack.url}/v1/articles/${articleId}/entries`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${stack.token}`,
          "content-type": `application/json; charset=${charset}`,
        },
        body: bytes,
      });
      expect(res.status, charset).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unsupported_media_type");
    }
    // UTF-8, said or not, is what JSON is.
    for (const type of [
      "application/json; charset=utf-8",
      "application/json; charset=UTF-8",
      "application/json",
    ]) {
      const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, json, {
        "content-type": type,
      });
      expect(res.status, type).toBe(202);
    }
  });
});

describe("the worker renders what it publishes", () => {
  let stack: Stack;
  let queue: EntriesQueue;
  let queueRedis: Redis;
  beforeAll(async () => {
    stack = await startStack();
    queueRedis = new Redis(stack.config.REDIS_URL, { maxRetriesPerRequest: null });
    queue = createEntriesQueue(queueRedis, stack.config.KEY_PREFIX);
  });
  afterAll(async () => {
    await queue?.close();
    queueRedis?.disconnect();
    await stack?.close();
  });

  it("HTML in a job written straight to the queue is ignored: readers get the sanitised rendering of body", async () => {
    const articleId = await stack.createArticle();
    const entryId = "injected-1";
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    // What anything that can write a job (Bull Board's add-job, Redis) could put there.
    const create = {
      kind: "entry.create",
      opId: createOpId(articleId, entryId),
      articleId,
      entryId,
      acceptedAt: new Date().toISOString(),
      fields: { body: "Talks **resume**", html: evil, pinned: false, keyEvent: false },
    };
    await queue.add("entry.create", create as never, { jobId: create.opId });
    const entryOf = async () => {
      const page = await stack.api("GET", `/v1/articles/${articleId}/entries`);
      return (page.body.entries as Entry[]).find((e) => e.id === entryId);
    };
    expect((await waitFor(entryOf, 10_000, "the injected entry")).html).toBe(
      "<p>Talks <strong>resume</strong></p>",
    );

    const update = {
      kind: "entry.update",
      opId: "injected-update-1",
      articleId,
      entryId,
      acceptedAt: new Date().toISOString(),
      patch: { body: "Talks *end*", html: evil },
    };
    await queue.add("entry.update", update as never, { jobId: update.opId });
    const corrected = await waitFor(async () => {
      const entry = await entryOf();
      return entry?.seq === 2 ? entry : undefined;
    });
    expect(corrected.html).toBe("<p>Talks <em>end</em></p>");
    // The log and the embed page, what readers and embedding sites get, hold no trace of it.
    const log = await fetch(`${stack.url}/v1/articles/${articleId}/updates?since=0`).then((r) => r.text());
    const embed = await fetch(`${stack.url}/v1/articles/${articleId}/embed.html`).then((r) => r.text());
    for (const text of [log, embed]) {
      expect(text).not.toContain("onerror");
      expect(text).not.toContain("alert(");
    }
  });

  // The job schema drops `html` before the apply sees it; this holds the second wall alone:
  // an operation that reaches the apply with HTML in it (a future field, a caller that skips
  // the schema) still stores the rendering of its body.
  it("the log's apply renders from body even when an operation reaching it carries html", async () => {
    const articleId = await stack.createArticle();
    const entryId = "past-the-schema-1";
    const evil = '<img src=x onerror="alert(1)">';
    const apply = (op: Operation) =>
      applyOperation(stack.redis, stack.config.KEY_PREFIX, op, { retention: stack.config.LOG_RETENTION });
    const create = {
      kind: "entry.create" as const,
      opId: createOpId(articleId, entryId),
      articleId,
      entryId,
      acceptedAt: new Date().toISOString(),
      fields: { body: "Talks **resume**", pinned: false, keyEvent: false, html: evil },
    };
    expect((await apply(create)).status).toBe("applied");
    const created = await readEntry(stack.redis, stack.config.KEY_PREFIX, articleId, entryId);
    expect(created?.html).toBe("<p>Talks <strong>resume</strong></p>");

    const update = {
      kind: "entry.update" as const,
      opId: "past-the-schema-update-1",
      articleId,
      entryId,
      acceptedAt: new Date().toISOString(),
      patch: { body: "Talks *end*", html: evil },
    };
    expect((await apply(update)).status).toBe("applied");
    const updated = await readEntry(stack.redis, stack.config.KEY_PREFIX, articleId, entryId);
    expect(updated?.html).toBe("<p>Talks <em>end</em></p>");
  });
});
