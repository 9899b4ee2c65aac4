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

describe("an entry's image and embeds that try to run script or reach another host stay inert", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const pages: Record<string, string> = {};
  const MEDIA_TAGS = [...TICKER_TAGS, "figure", "figcaption", "button"];
  const HOSTILE_IMAGE = {
    url: 'https://images.example.org/a.jpg?q="><script>window.__xss=50</script>',
    alt: `" onerror="window.__xss=51" x="`,
    caption: "<img src=x onerror=window.__xss=52> & 'quotes'",
    credit: "</figcaption><script>window.__xss=53</script>",
  };

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    site = await startHostSite(pages);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.close();
  });

  /** A recording page whose requests off 127.0.0.1 are aborted: nothing reaches the internet. */
  async function openOffline(url: string) {
    const page = await browser.newPage();
    const external: string[] = [];
    await page.route(
      (u) => u.hostname !== "127.0.0.1",
      (route) => {
        external.push(route.request().url());
        return route.abort();
      },
    );
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    return { page, dialogs, external };
  }

  it("the API refuses script and data URLs as images and embed URLs that smuggle another host", async () => {
    const articleId = await stack.createArticle();
    const post = (body: Record<string, unknown>) =>
      stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "x", ...body });
    for (const url of [
      "javascript:window.__xss=60",
      "JaVaScRiPt:window.__xss=61",
      "data:image/svg+xml,<svg onload=window.__xss=62>",
      " https://images.example.org/a.jpg",
      "https://user:pass@images.example.org/a.jpg",
    ]) {
      const res = await post({ image: { url, alt: "a" } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.message).toContain("image.url");
    }
    for (const url of [
      "javascript:window.__xss=63//https://youtu.be/dQw4w9WgXcQ",
      "data:text/html,<script>window.__xss=64</script>",
      "https://youtu.be@evil.example.net/dQw4w9WgXcQ",
      "https://evil.example.net/?u=https://youtu.be/dQw4w9WgXcQ",
      "https://evil.example.net#https://x.com/a/status/1",
      "https://x.com\\@evil.example.net/a/status/1",
      "https://platform.twitter.com.evil.example.net/a/status/1",
      "https://127.0.0.1/@user/1",
      "https://[::1]/@user/1",
      "https://localhost/@user/1",
    ]) {
      const res = await post({ embeds: [{ url }] });
      expect(res.status, url).toBe(400);
      expect(res.body.error.message).toContain("embeds.0.url");
    }
    // A query or fragment on an accepted URL never reaches the embed URL Herald builds.
    const res = await post({
      embeds: [{ url: "https://t.me/heraldnews/1?embed=0&x=@evil.example.net#<script>" }],
    });
    expect(res.status).toBe(202);
    const entry = await waitFor(async () => {
      const page = (await stack.api("GET", `/v1/articles/${articleId}/entries`)).body as {
        entries: { embeds?: { embedUrl: string; url: string }[] }[];
      };
      return page.entries[0]?.embeds?.[0];
    });
    expect(entry).toMatchObject({
      url: "https://t.me/heraldnews/1",
      embedUrl: "https://t.me/heraldnews/1?embed=1",
    });
  });

  it("markup and quotes in alt, caption and credit stay text in the widget and embed.html", async () => {
    const articleId = await stack.createArticle();
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
      body: "Picture",
      image: HOSTILE_IMAGE,
      embeds: [{ url: "https://mastodon.social/@news/1" }],
    });
    expect(res.status).toBe(202);
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 1);

    pages[`/${articleId}`] = embeddingPage(
      stack.url,
      `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
    );
    const widget = await openOffline(`${site.url}/${articleId}`);
    await waitForCount(widget.page, 1);
    expectInert(await inspect(widget.page, widget.dialogs, "live-ticker", ">>shadow .feed *"), MEDIA_TAGS);
    const shownMedia = await widget.page.evaluate(() => {
      const root = document.querySelector("live-ticker")!.shadowRoot!;
      return {
        src: root.querySelector("figure img")?.getAttribute("src"),
        alt: root.querySelector("figure img")?.getAttribute("alt"),
        caption: root.querySelector("figcaption")?.textContent,
        scripts: root.querySelectorAll("script, iframe").length,
      };
    });
    expect(shownMedia).toEqual({
      src: HOSTILE_IMAGE.url,
      alt: HOSTILE_IMAGE.alt,
      caption: `${HOSTILE_IMAGE.caption} — ${HOSTILE_IMAGE.credit}`,
      scripts: 0,
    });
    expect(widget.external.some((u) => u.includes("mastodon.social"))).toBe(false);
    await widget.page.close();

    const page = await openOffline(`${stack.url}/v1/articles/${articleId}/embed.html`);
    await waitForCount(page.page, 1, "section");
    expectInert(await inspect(page.page, page.dialogs, "section", "article *"), [
      ...ENTRY_TAGS,
      "h3",
      "time",
      "span",
      "figure",
      "figcaption",
    ]);
    // The server's own HTML (the light DOM), not the ticker that took the section over.
    const served = await page.page.evaluate(() => ({
      caption: document.querySelector("section figcaption")?.textContent,
      alt: document.querySelector("section figure img")?.getAttribute("alt"),
    }));
    expect(served).toEqual({
      caption: `${HOSTILE_IMAGE.caption} — ${HOSTILE_IMAGE.credit}`,
      alt: HOSTILE_IMAGE.alt,
    });
    expect(await page.page.locator("iframe").count()).toBe(0);
    await page.page.close();
  });

  it("in the widget even if the server sent a hostile image or embed URL (defence in depth)", async () => {
    const images = [
      "javascript:window.__xss=70",
      "data:image/svg+xml,<svg onload=window.__xss=71>",
      "http://images.example.org/plain-http.jpg",
      " https://images.example.org/leading-space.jpg",
    ];
    const embeds = [
      {
        provider: "youtube",
        url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        embedUrl: "javascript:window.__xss=72",
      },
      {
        provider: "x",
        url: "https://x.com/a/status/1",
        embedUrl: "https://platform.twitter.com@evil.example.net/embed/Tweet.html?id=1",
      },
      {
        provider: "youtube",
        url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        embedUrl: "https://www.youtube-nocookie.com.evil.example.net/embed/dQw4w9WgXcQ",
      },
      {
        provider: "telegram",
        url: "https://t.me/a/1",
        embedUrl: "https://t.me/a/1?embed=1#@evil.example.net",
      },
      {
        provider: "youtube",
        url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        embedUrl: "https://t.me/a/1?embed=1",
      },
      { provider: "mastodon", url: "https://m.example.net/@a/1", embedUrl: "https://127.0.0.1:9/@a/1/embed" },
      { provider: "evil", url: "https://evil.example.net/", embedUrl: "https://evil.example.net/embed" },
      {
        provider: "instagram",
        url: "javascript:window.__xss=73",
        embedUrl: "https://www.instagram.com/p/C7abcDEF123/embed",
      },
      {
        provider: "youtube",
        url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        embedUrl: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      },
    ];
    const entries = [
      ...images.map((url, i) => ({ image: { url, alt: `bad ${i}` }, embeds: [] })),
      { embeds },
    ].map((media, i) => ({
      id: `e${i}`,
      articleId: "raw",
      seq: i + 1,
      body: "x",
      html: `<p>entry ${i}</p>`,
      pinned: false,
      keyEvent: false,
      publishedAt: new Date(Date.now() - i * 1000).toISOString(),
      ...media,
    }));
    pages["/raw-media"] = `<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>
<div id="t"></div>
<script type="module">
import { createTicker } from "${stack.url}/sdk/herald.mjs";
const entries = ${JSON.stringify(entries).replace(/</g, "\\u003c")};
const client = {
  subscribe(articleId, handlers) {
    const ctx = { articleId, seq: entries.length, epoch: "e", article: null };
    setTimeout(() => handlers.onEntries(entries, { ...ctx, reason: "reset" }));
    return { articleId, state: "live", seq: entries.length, hasOlder: false, loadOlder: async () => false, unsubscribe() {} };
  },
};
createTicker(document.querySelector("#t"), { server: "${stack.url}", article: "raw", client });
</script></body></html>`;
    const { page, dialogs, external } = await openOffline(`${site.url}/raw-media`);
    await waitForCount(page, entries.length, "#t");
    // No picture but https; one card: the only embed whose URL is one Herald builds.
    expect(await page.locator("#t figure").count()).toBe(0);
    expect(await page.locator("#t .embed").count()).toBe(1);
    for (const button of await page.locator("#t .embed button").all()) await button.click();
    expect(await page.locator("#t iframe").count()).toBe(1);
    expect(await page.locator("#t iframe").getAttribute("src")).toBe(
      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    );
    expectInert(await inspect(page, dialogs, "#t", ">>shadow .feed *"), [...MEDIA_TAGS, "iframe"]);
    expect(external.filter((u) => !u.startsWith("https://www.youtube-nocookie.com/"))).toEqual([]);
    await page.close();
  });
});
