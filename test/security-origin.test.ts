import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../platform/config.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { patient } from "./helpers/patience.js";

const PUBLIC = "https://live.example.com";

/**
 * Sends `body` as JSON with headers fetch() will not send (Host), as a cache-poisoning client
 * would; answers the status, Location and body.
 */
function sendWithHost(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; location: string | undefined; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const sent = payload === undefined ? headers : { ...headers, "content-type": "application/json" };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: sent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }),
      );
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** GET with headers fetch() will not send (Host): the body. */
async function getWithHost(url: string, headers: Record<string, string>): Promise<string> {
  return (await sendWithHost(url, "GET", headers)).body;
}

const POISON = {
  host: "evil.example",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "http",
};

describe("absolute URLs come from PUBLIC_URL, never from the request's Host", () => {
  let stack: Stack;
  beforeAll(async () => {
    // TRUST_PROXY on, so X-Forwarded-Host would be believed if anything read it.
    stack = await startStack({ config: { PUBLIC_URL: `${PUBLIC}/`, TRUST_PROXY: "1" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("embed.html names only PUBLIC_URL in its script, data-server and JSON-LD, whatever Host says", async () => {
    const articleId = await stack.createArticle("origin-check", "Origin check");
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "First" });
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 1);
    const html = await getWithHost(`${stack.url}/v1/articles/${articleId}/embed.html`, POISON);
    expect(html).not.toContain("evil.example");
    expect(html).toContain(`<script async src="${PUBLIC}/sdk/herald.js">`);
    expect(html).toContain(`data-server="${PUBLIC}"`);
    expect(html).toContain(`"url":"${PUBLIC}/v1/articles/${articleId}/embed.html"`);
  });

  it("the demo page and openapi.json name only PUBLIC_URL, whatever Host says", async () => {
    const demo = await getWithHost(`${stack.url}/demo/peace-talks`, POISON);
    expect(demo).not.toContain("evil.example");
    expect(demo).toContain(`curl -X PUT ${PUBLIC}/v1/articles/peace-talks \\`);
    expect(demo).toContain(`&#60;script async src=&#34;${PUBLIC}/sdk/herald.js&#34;`);
    const openapi = await getWithHost(`${stack.url}/openapi.json`, POISON);
    expect(openapi).not.toContain("evil.example");
    expect((JSON.parse(openapi) as { servers?: unknown }).servers).toEqual([{ url: PUBLIC }]);
  });

  it("every Location header is a path (or on PUBLIC_URL), whatever Host says: entries, drafts, publishing, webhooks", async () => {
    const articleId = await stack.createArticle("origin-location", "Locations");
    const stringer = await stack.tokens.create({
      name: "stringer",
      articles: [articleId],
      role: "contributor",
    });
    const as = (token: string) => ({ ...POISON, authorization: `Bearer ${token}` });
    const send = (token: string, method: string, path: string, body?: unknown) =>
      sendWithHost(stack.url + path, method, as(token), body);
    const entries = `/v1/articles/${articleId}/entries`;

    const entry = await send(stack.token, "POST", entries, { body: "Located" });
    const draft = await send(stringer.token, "POST", entries, { body: "Drafted" });
    expect(draft.status).toBe(201);
    const draftId = (JSON.parse(draft.body) as { id: string }).id;
    const published = await send(stack.token, "POST", `/v1/articles/${articleId}/drafts/${draftId}/publish`);
    const hook = await send(stack.operatorToken, "POST", "/v1/webhooks", { url: "https://cms.example/hook" });

    const located = [
      ["POST entries", entry, 202, `${entries}/${(JSON.parse(entry.body) as { id: string }).id}`],
      ["POST entries (a draft)", draft, 201, `/v1/articles/${articleId}/drafts/${draftId}`],
      ["POST drafts/…/publish", published, 202, `${entries}/${draftId}`],
      ["POST webhooks", hook, 201, `/v1/webhooks/${(JSON.parse(hook.body) as { id: string }).id}`],
    ] as const;
    for (const [what, res, status, path] of located) {
      expect(res.status, what).toBe(status);
      expect(res.location, what).not.toContain("evil.example");
      expect([path, PUBLIC + path], what).toContain(res.location);
    }
  });

  it("PUBLIC_URL must be a bare http(s) origin; the trailing slash is dropped", () => {
    expect(loadConfig({ PUBLIC_URL: "https://Live.Example.com/" }).PUBLIC_URL).toBe(PUBLIC);
    expect(loadConfig({ PUBLIC_URL: "http://localhost:3000" }).PUBLIC_URL).toBe("http://localhost:3000");
    for (const bad of [
      "live.example.com",
      "ftp://live.example.com",
      "https://live.example.com/blog",
      "https://live.example.com/?a=1",
      "https://live.example.com/#top",
      "https://ops:hunter2secret@live.example.com",
    ]) {
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/^Invalid PUBLIC_URL/);
    }
    expect(() => loadConfig({ PUBLIC_URL: "https://ops:hunter2secret@live.example.com" })).not.toThrow(
      /hunter2secret/,
    );
  });

  it("in production, Herald refuses to start without PUBLIC_URL, with one line naming it", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/PUBLIC_URL/);
    expect(loadConfig({ NODE_ENV: "production", PUBLIC_URL: PUBLIC }).PUBLIC_URL).toBe(PUBLIC);
    const run = spawnSync(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: "0" },
      encoding: "utf8",
      timeout: patient(20_000),
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^herald: .*PUBLIC_URL/);
  });
});
