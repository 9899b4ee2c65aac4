import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { widgetBundles } from "../server/widget/build-bundles.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";

const BUDGET_BYTES = 30 * 1024;

describe("the widget's script and embed page", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it(`the script-tag bundle, Socket.IO client included, is at most 30 KB min+gzip`, async () => {
    const { script, module } = await widgetBundles();
    console.log(
      `herald.js ${(script.gzipBytes / 1024).toFixed(1)} KB min+gzip; herald.mjs ${(module.gzipBytes / 1024).toFixed(1)} KB`,
    );
    expect(script.gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(module.gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(script.code).toContain("live-ticker");
  });

  it("is built on the headless client's public API only (what client-sdk/index.ts exports)", () => {
    const specs = (source: string) =>
      [...source.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!);
    const sdk = new URL("../client-sdk/", import.meta.url);
    // The modules the headless client's entry re-exports, as a ticker file names them.
    const exported = new Set([
      "../index.js",
      ...specs(readFileSync(new URL("index.ts", sdk), "utf8")).map((spec) => spec.replace(/^\.\//, "../")),
    ]);
    const dir = new URL("ticker/", sdk);
    const reaching = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((file) =>
        specs(readFileSync(new URL(file, dir), "utf8"))
          .filter((spec) => !spec.startsWith("./") && !exported.has(spec))
          .map((spec) => `${file} imports ${spec}`),
      );
    expect(reaching).toEqual([]);
  });

  it("is served with CORS open, a short cache, and forever at its hashed name", async () => {
    const plain = await fetch(`${stack.url}/sdk/herald.js`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBe("*");
    expect(plain.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(plain.headers.get("cache-control")).toMatch(/max-age=300/);
    const manifest = (await (await fetch(`${stack.url}/sdk/manifest.json`)).json()) as {
      script: string;
      module: string;
    };
    const hashed = await fetch(stack.url + manifest.script);
    expect(hashed.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await hashed.text()).toBe(await plain.text());
    expect((await fetch(`${stack.url}/sdk/herald.0000000000.js`)).status).toBe(404);
    const cached = await fetch(`${stack.url}/sdk/herald.js`, {
      headers: { "if-none-match": `W/"0", ${plain.headers.get("etag")!}` },
    });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("access-control-allow-origin")).toBe("*");
    expect(cached.headers.get("cache-control")).toMatch(/max-age=300/);
  });

  it("embed.html serves the entries as HTML with LiveBlogPosting JSON-LD, escaped", async () => {
    const articleId = await stack.createArticle("embed", "Talks </script><script>alert(1)</script>");
    await stack.api("POST", `/v1/articles/${articleId}/entries`, {
      body: "Opening **statement**",
      title: "Opening",
      author: { name: "Ann <b>" },
    });
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Pinned note", pinned: true });
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 2);
    const html = await (await fetch(`${stack.url}/v1/articles/${articleId}/embed.html`)).text();
    expect(html).toContain("<strong>statement</strong>");
    expect(html).toContain("Ann &#60;b&#62;");
    expect(html).not.toContain("</script><script>alert(1)");
    const jsonLd = JSON.parse(
      /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!,
    ) as Record<string, unknown>;
    expect(jsonLd).toMatchObject({
      "@context": "https://schema.org",
      "@type": "LiveBlogPosting",
      headline: "Talks </script><script>alert(1)</script>",
      coverageStartTime: expect.any(String),
    });
    expect(jsonLd.coverageEndTime).toBeUndefined();
    // Prose for crawlers: the text of the rendered entry, not its Markdown.
    const updates = jsonLd.liveBlogUpdate as {
      articleBody: string;
      url: string;
      author?: { name: string };
    }[];
    expect(updates.map((u) => u.articleBody)).toEqual(["Pinned note", "Opening statement"]);
    expect(updates[1]).toMatchObject({
      url: expect.stringMatching(new RegExp(`/v1/articles/${articleId}/embed\\.html#entry-`)),
      author: { "@type": "Person", name: "Ann <b>" },
    });
    // Inside the section, so a site that copies the section into its page copies the JSON-LD too.
    expect(/<section[^>]*>\s*<script type="application\/ld\+json">/.test(html)).toBe(true);
    expect(html.indexOf("Pinned note")).toBeLessThan(html.indexOf("Opening"));
    expect(html).toContain(`<script async src="${stack.url}/sdk/herald.js">`);

    await stack.api("PUT", `/v1/articles/${articleId}`, { title: "Talks", status: "ended" });
    const ended = await (await fetch(`${stack.url}/v1/articles/${articleId}/embed.html`)).text();
    expect(ended).toContain('"coverageEndTime"');
    expect(ended).toContain("Coverage has ended");
  });

  it("the demo page shows a ticker for any article", async () => {
    const page = await (await fetch(`${stack.url}/demo/peace-talks`)).text();
    expect(page).toContain('<live-ticker article="peace-talks"></live-ticker>');
    expect(page).toContain('<script async src="/sdk/herald.js"></script>');
    // A newcomer is told how to make it move and how to embed it, with this server's address.
    expect(page).toContain(`curl -X PUT ${stack.url}/v1/articles/peace-talks \\`);
    expect(page).toContain(
      `&#60;live-ticker server=&#34;${stack.url}&#34; article=&#34;peace-talks&#34;&#62;`,
    );
    expect((await fetch(`${stack.url}/demo/..%2Fetc`)).status).toBe(400);
  });
});
