import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { TICKER_TAGS } from "../helpers/allowed-html.js";

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

describe("entries that try to run script render inert in the widget", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  beforeAll(async () => {
    stack = await startStack({ config: { RESET_ENTRIES: "50" } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.close();
  });

  it(`${VECTORS.length} known XSS vectors: nothing runs, no handler, no script URL, text survives as text`, async () => {
    const articleId = await stack.createArticle("xss", "<script>window.__xss = 99</script> title");
    for (const body of VECTORS) {
      const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
        body,
        title: '"><img src=x onerror=window.__xss=98>',
      });
      expect(res.status).toBe(202);
    }
    await waitFor(
      async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === VECTORS.length,
    );
    site = await startHostSite({
      "/": embeddingPage(
        stack.url,
        `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
      ),
    });
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(site.url);
    await page.waitForFunction(
      (n) => document.querySelector("live-ticker")?.shadowRoot?.querySelectorAll(".entry").length === n,
      VECTORS.length,
    );
    // Give anything deferred (image errors, toggles) time to fire; hover every link.
    for (const link of await page.$$("live-ticker >> a")) await link.hover().catch(() => undefined);
    await page.waitForTimeout(500);

    const report = await page.evaluate(() => {
      const root = document.querySelector("live-ticker")!.shadowRoot!;
      const elements = [...root.querySelectorAll(".feed *")];
      return {
        xss: (window as unknown as { __xss?: number }).__xss ?? null,
        tags: [...new Set(elements.map((e) => e.tagName.toLowerCase()))].sort(),
        handlers: elements.flatMap((e) =>
          [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name),
        ),
        urls: elements.flatMap((e) =>
          ["href", "src"].map((n) => e.getAttribute(n)).filter((v): v is string => v !== null),
        ),
        titleText: root.querySelector(".entry-title")?.textContent,
        headline: root.querySelector(".title")?.textContent,
      };
    });
    expect(report.xss).toBeNull();
    expect(dialogs).toEqual([]);
    expect(report.handlers).toEqual([]);
    for (const url of report.urls) expect(url).toMatch(/^(https?:|mailto:)/);
    for (const tag of report.tags) {
      expect(TICKER_TAGS).toContain(tag);
    }
    // Typed markup is shown as the text the editor typed.
    expect(report.titleText).toBe('"><img src=x onerror=window.__xss=98>');
    expect(report.headline).toBe("<script>window.__xss = 99</script> title");
    await page.close();
  });
});
