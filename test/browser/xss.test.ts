import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { ENTRY_TAGS, TICKER_TAGS } from "../helpers/allowed-html.js";
import { shown, waitForCount } from "./ticker-page.js";

// Each sets window.__xss if it ever runs. Markdown, raw HTML, attribute breakouts, URL
// schemes, and mutation-XSS shapes that turn harmless-looking markup into script once a
// browser re-parses it.
const VECTORS = [
  "<script>window.__xss = 1</script>",
  '<img src=x onerror="window.__xss = 2">',
  "<svg onload=window.__xss=3>",
  '<iframe src="javascript:window.__xss=4"></iframe>',
  "[click](javascript:window.__xss=5)",
  "[click](JaVaScRiPt:window.__xss=6)",
  "[click](javascript&#58;window.__xss=7)",
  "<javascript:window.__xss=8>",
  "[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9OTwvc2NyaXB0Pg==)",
  '![x](https://example.com/a.png"onerror="window.__xss=10)',
  '[x](https://example.com "title\\" onmouseover=\\"window.__xss=11")',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=12>">',
  "<svg><p><style><img src=x onerror=window.__xss=13></style></p></svg>",
  "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=14></style></mglyph></table></mtext></math>",
  "<form><math><mtext></form><form><mglyph><style></math><img src onerror=window.__xss=15>",
  '<a href="&#106;avascript:window.__xss=16">x</a>',
  "<details open ontoggle=window.__xss=17>",
  "[a](vbscript:window.__xss=18)",
  '<style>@import "javascript:window.__xss=19";</style>',
  "`<img src=x onerror=window.__xss=20>` and ```\n<script>window.__xss=21</script>\n```",
];

/** What hostile content managed to put on a page: run code, handlers, script URLs, tags. */
interface Report {
  xss: number | null;
  dialogs: string[];
  tags: string[];
  handlers: string[];
  urls: string[];
}

/** Hovers every link, lets deferred things (image errors, toggles) fire, then looks at `css`. */
async function inspect(page: Page, dialogs: string[], rootSelector: string, css: string): Promise<Report> {
  for (const link of await page.locator(`${rootSelector} a`).all())
    await link.hover({ timeout: 500 }).catch(() => undefined);
  await page.waitForTimeout(300);
  const found = await page.evaluate(
    ([sel, inner]) => {
      const host = document.querySelector(sel!)!;
      const root: ParentNode = inner!.startsWith(">>shadow ") ? host.shadowRoot! : host;
      const elements = [...root.querySelectorAll(inner!.replace(">>shadow ", ""))];
      return {
        xss: (window as unknown as { __xss?: number }).__xss ?? null,
        tags: [...new Set(elements.map((e) => e.tagName.toLowerCase()))].sort(),
        handlers: elements.flatMap((e) =>
          [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name),
        ),
        urls: elements.flatMap((e) =>
          ["href", "src", "action", "formaction"]
            .map((n) => e.getAttribute(n))
            .filter((v): v is string => v !== null),
        ),
      };
    },
    [rootSelector, css],
  );
  return { ...found, dialogs };
}

function expectInert(report: Report, allowedTags: string[]) {
  expect(report.xss).toBeNull();
  expect(report.dialogs).toEqual([]);
  expect(report.handlers).toEqual([]);
  for (const url of report.urls) expect(url).toMatch(/^(https?:|mailto:|#)/);
  for (const tag of report.tags) expect(allowedTags).toContain(tag);
}

async function openRecording(browser: Browser, url: string): Promise<{ page: Page; dialogs: string[] }> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  return { page, dialogs };
}

describe("entries that try to run script render inert", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  let articleId: string;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({ config: { RESET_ENTRIES: "50" } });
    browser = await launchChromium();
    site = await startHostSite(pages);
    articleId = await stack.createArticle("xss", "<script>window.__xss = 99</script> title");
    for (const body of VECTORS) {
      const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
        body,
        title: '"><img src=x onerror=window.__xss=98>',
        author: { name: "<img src=x onerror=window.__xss=97>" },
      });
      expect(res.status).toBe(202);
    }
    await waitFor(
      async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === VECTORS.length,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.close();
  });

  it(`in the widget: ${VECTORS.length} known vectors, nothing runs, no handler, no script URL, text stays text`, async () => {
    pages["/"] = embeddingPage(
      stack.url,
      `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
    );
    const { page, dialogs } = await openRecording(browser, site.url);
    await waitForCount(page, VECTORS.length);
    expectInert(await inspect(page, dialogs, "live-ticker", ">>shadow .feed *"), TICKER_TAGS);
    // Typed markup is shown as the text the editor typed.
    const texts = await page.evaluate(() => {
      const root = document.querySelector("live-ticker")!.shadowRoot!;
      return {
        title: root.querySelector(".entry-title")?.textContent,
        author: root.querySelector(".author")?.textContent,
        headline: root.querySelector(".title")?.textContent,
      };
    });
    expect(texts).toEqual({
      title: '"><img src=x onerror=window.__xss=98>',
      author: "<img src=x onerror=window.__xss=97>",
      headline: "<script>window.__xss = 99</script> title",
    });
    await page.close();
  });

  it("in embed.html, the server-rendered page crawlers and readers without JavaScript get", async () => {
    const { page, dialogs } = await openRecording(
      browser,
      `${stack.url}/v1/articles/${articleId}/embed.html`,
    );
    await waitForCount(page, VECTORS.length, "section");
    // The light DOM is the server's HTML as parsed; the ticker has taken the section over.
    expectInert(await inspect(page, dialogs, "section", "article *"), [...ENTRY_TAGS, "h3", "time", "span"]);
    expect(await page.locator("section > h2").textContent()).toBe("<script>window.__xss = 99</script> title");
    // The only scripts on the page are Herald's own: JSON-LD data and the widget.
    expect(
      await page.evaluate(() =>
        [...document.scripts].map((s) => s.type || s.src.replace(/^https?:\/\/[^/]+/, "")),
      ),
    ).toEqual(["application/ld+json", "/sdk/herald.js"]);
    await page.close();
  });

  it("in the widget even if the server's sanitiser let hostile HTML through (defence in depth)", async () => {
    // The ES module with a stand-in client that hands the ticker raw HTML, as a broken or
    // compromised sanitiser would. (`<` escaped in the inline JSON: `</script>` would end it.)
    const raw = [
      '<img src="x" onerror="window.__xss = 31">',
      "<script>window.__xss = 32</script><p>after script</p>",
      '<a href="javascript:window.__xss = 33">click</a>',
      '<a href=" JAVASCRIPT:window.__xss = 34">spaced</a>',
      '<svg><a href="javascript:window.__xss = 35"><text>svg link</text></a></svg>',
      '<iframe srcdoc="<script>parent.__xss = 36</script>"></iframe>',
      '<p style="background:url(javascript:window.__xss=37)" onclick="window.__xss = 38">styled</p>',
      '<form action="javascript:window.__xss = 39"><button>go</button></form>',
      '<img src="data:image/svg+xml,<svg onload=window.__xss=40>">',
      '<details open ontoggle="window.__xss = 41"><summary>s</summary></details>',
      '<a href="https://example.com/ok">a fine link</a>',
    ];
    pages["/raw"] = `<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>
<div id="t"></div>
<script type="module">
import { createTicker } from "${stack.url}/sdk/herald.mjs";
const entries = ${JSON.stringify(raw).replace(/</g, "\\u003c")}.map((html, i) => ({
  id: "e" + i, articleId: "raw", seq: i + 1, body: "x", html, pinned: false, keyEvent: false,
  publishedAt: new Date(Date.now() - i * 1000).toISOString(),
}));
const client = {
  subscribe(articleId, handlers) {
    const ctx = { articleId, seq: entries.length, epoch: "e", article: null };
    setTimeout(() => handlers.onEntries(entries, { ...ctx, reason: "reset" }));
    return { articleId, state: "live", seq: entries.length, hasOlder: false, loadOlder: async () => false, unsubscribe() {} };
  },
};
createTicker(document.querySelector("#t"), { server: "${stack.url}", article: "raw", client });
</script></body></html>`;
    const { page, dialogs } = await openRecording(browser, `${site.url}/raw`);
    await waitForCount(page, raw.length, "#t");
    expectInert(await inspect(page, dialogs, "#t", ">>shadow .feed .body *"), ENTRY_TAGS);
    const bodies = (await shown(page, "#t")).map((e) => e.text);
    expect(bodies).toContain("after script");
    expect(bodies).toContain("a fine link");
    expect(await page.locator("#t").getByRole("link", { name: "a fine link" }).getAttribute("href")).toBe(
      "https://example.com/ok",
    );
    await page.close();
  });
});
