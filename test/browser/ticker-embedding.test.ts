import type { Browser, WebSocket } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { shown, waitForCount, waitForState } from "./ticker-page.js";

describe("embedding the ticker: many per page, server-rendered, strict CSP", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const pages: Record<string, string> = {};

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

  const post = (articleId: string, body: Record<string, unknown>) =>
    stack.api("POST", `/v1/articles/${articleId}/entries`, body);

  it("any number of tickers share one connection, and it closes when the last one goes", async () => {
    const [a, b, c, d] = (await Promise.all(
      ["a", "b", "c", "d"].map((x) => stack.createArticle(`multi-${x}`, x)),
    )) as [string, string, string, string];
    // The element, the data attribute with and without data-server (it defaults to the
    // script's origin), and the script included twice, as CMS templates sometimes do.
    pages["/multi"] = embeddingPage(
      stack.url,
      `<live-ticker id="t-a" server="${stack.url}" article="${a}"></live-ticker>
       <div id="t-b" data-live-ticker data-article="${b}" data-server="${stack.url}"></div>
       <section id="t-c" data-live-ticker data-article="${c}"></section>`,
      { after: `<script async src="${stack.url}/sdk/herald.js"></script>` },
    );
    const page = await browser.newPage();
    const sockets: WebSocket[] = [];
    page.on("websocket", (ws) => sockets.push(ws));
    await page.goto(`${site.url}/multi`);
    for (const id of ["#t-a", "#t-b", "#t-c"]) await waitForState(page, "Live", id);

    await post(b, { body: "For B" });
    await post(c, { body: "For C" });
    await waitForCount(page, 1, "#t-b");
    await waitForCount(page, 1, "#t-c");
    expect(await shown(page, "#t-a")).toEqual([]);

    // A single-page app adds tickers later, one for a new article and a second one for an
    // article already followed: both start, on the same connection.
    await page.evaluate(
      ([newArticle, followed]) => {
        for (const [id, article] of [
          ["t-d", newArticle],
          ["t-b2", followed],
        ]) {
          const el = document.createElement("div");
          el.id = id!;
          el.dataset.liveTicker = "";
          el.dataset.article = article;
          document.body.append(el);
        }
      },
      [d, b],
    );
    await waitForState(page, "Live", "#t-d");
    await waitForCount(page, 1, "#t-b2");
    expect((await shown(page, "#t-b2")).map((e) => e.text)).toEqual(["For B"]);
    await post(d, { body: "For D" });
    await post(b, { body: "For B again" });
    await waitForCount(page, 1, "#t-d");
    await waitForCount(page, 2, "#t-b2");
    await waitForCount(page, 2, "#t-b");
    expect(sockets).toHaveLength(1);
    expect(
      await page.evaluate(() => document.querySelectorAll("[data-live-ticker], live-ticker").length),
    ).toBe(5);

    // ...and removes them all: the connection is closed, not left open for nothing.
    await page.evaluate(() =>
      document.querySelectorAll("[data-live-ticker], live-ticker").forEach((el) => el.remove()),
    );
    await waitFor(() => sockets[0]!.isClosed(), 5_000, "the socket to close");
    await page.close();
  });

  it("embed.html reads as plain HTML without JavaScript, and becomes the live ticker with it", async () => {
    const articleId = await stack.createArticle("ssr", "Server-rendered");
    await post(articleId, { body: "Rendered **on the server**", title: "First" });
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 1);
    const embed = await (await fetch(`${stack.url}/v1/articles/${articleId}/embed.html`)).text();
    // What a site does: put the section (JSON-LD included) and the script into its own page.
    const section = /<section[\s\S]*<\/section>/.exec(embed)![0];
    pages["/ssr"] = embeddingPage(stack.url, section);

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${site.url}/ssr`);
    expect(await plain.locator("section article h3").textContent()).toBe("First");
    expect(await plain.locator("section article strong").last().textContent()).toBe("on the server");
    await noJs.close();

    const page = await browser.newPage();
    await page.goto(`${site.url}/ssr`);
    await waitForState(page, "Live", "section");
    expect((await shown(page, "section")).map((e) => e.title)).toEqual(["First"]);
    // The server-rendered copy stays in the DOM for crawlers but is no longer on screen.
    expect(await page.locator("section > article").isVisible()).toBe(false);
    await post(articleId, { body: "Live now", title: "Second" });
    await waitForCount(page, 2, "section");
    expect((await shown(page, "section")).map((e) => e.title)).toEqual(["Second", "First"]);
    await page.close();
  });

  it("works and is styled on a site whose CSP allows no inline styles", async () => {
    const articleId = await stack.createArticle("csp", "Strict site");
    await post(articleId, { body: "Under a strict policy" });
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 1);
    const host = new URL(stack.url).host;
    pages["/csp"] = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src http://${host}; connect-src http://${host} ws://${host}; style-src 'self'">
<title>Strict</title></head><body>
<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>
<script async src="${stack.url}/sdk/herald.js"></script></body></html>`;
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${site.url}/csp`);
    await waitForCount(page, 1);
    const look = await page.evaluate(() => {
      const root = document.querySelector("live-ticker")!.shadowRoot!;
      return {
        radius: getComputedStyle(root.querySelector(".entry")!).borderRadius,
        // The live region is for screen readers only: one pixel, clipped.
        liveRegionWidth: getComputedStyle(root.querySelector("[aria-live]")!).width,
      };
    });
    expect(look).toEqual({ radius: "8px", liveRegionWidth: "1px" });
    expect(violations).toEqual([]);
    await page.close();
  });
});
