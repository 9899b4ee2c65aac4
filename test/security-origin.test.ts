import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../platform/config.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { patient } from "./helpers/patience.js";

const PUBLIC = "https://live.example.com";

/** GET with headers fetch() will not send (Host), as a cache-poisoning client would. */
function getWithHost(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve(text));
    });
    req.on("error", reject);
    req.end();
  });
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
