import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { startReader, type Reader } from "../helpers/reader.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";
import { waitForState } from "./ticker-page.js";

describe('"N reading now" in Chromium: the ticker with show-readers, and the editor console', () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const pages: Record<string, string> = {};
  const readers: Reader[] = [];
  beforeAll(async () => {
    stack = await startStack({
      workers: 0,
      // The browser's HTTP cache would answer a refresh skipped ahead on the page's fake clock
      // from the copy it read seconds ago (max-age 1 s, stale-while-revalidate 10 s, in real
      // time): without them every read revalidates, so the test sees the ticker's own refresh.
      config: { READER_COUNT_INTERVAL_MS: "200", READ_CACHE_MAX_AGE_S: "0", READ_CACHE_SWR_S: "0" },
    });
    browser = await launchChromium();
    site = await startHostSite(pages);
  });
  afterAll(async () => {
    readers.forEach((r) => r.close());
    await browser?.close();
    await site?.close();
    await stack?.close();
  });

  const countOf = async (articleId: string) =>
    (await stack.api("GET", `/v1/articles/${articleId}`)).body.readers.now as number;
  /** Waits until the ticker at `selector` shows `pattern` in its header. */
  const waitForShown = (page: Page, selector: string, pattern: RegExp) =>
    waitFor(
      async () => pattern.test((await shownCount(page, selector)) ?? ""),
      10_000,
      `${selector} ${pattern}`,
    );
  /** The count a ticker shows in its header, or null when it shows none. */
  const shownCount = (page: Page, selector: string) =>
    page.evaluate((sel) => {
      const node = document.querySelector(sel)?.shadowRoot?.querySelector<HTMLElement>('[part="readers"]');
      return node && node.offsetParent !== null ? node.textContent : null;
    }, selector);

  it("shows the count in the header only with show-readers (data-show-readers too), in the ticker's language, refreshed", async () => {
    const articleId = await stack.createArticle("readers-ticker", "Count me");
    readers.push(startReader(stack.url, articleId), startReader(stack.url, articleId));
    await waitFor(async () => (await countOf(articleId)) === 2, 10_000, "2 readers counted");
    pages["/"] = embeddingPage(
      stack.url,
      `<live-ticker id="on" show-readers article="${articleId}"></live-ticker>
       <live-ticker id="off" article="${articleId}"></live-ticker>
       <live-ticker id="ru" lang="ru" show-readers article="${articleId}"></live-ticker>
       <div id="mounted" data-live-ticker data-show-readers data-article="${articleId}"></div>`,
    );
    const page = await browser.newPage();
    // Fake timers that run on: the 15 s refresh is skipped ahead, not waited for.
    await page.clock.install({ time: Date.now() });
    await page.goto(site.url);
    await waitForState(page, "Live", "#on");
    // The page's own socket may already be counted: 2 or 3, both plural "other" / "few".
    // Each ticker reads the count itself, so each is waited for.
    await waitForShown(page, "#on", /^[23] reading now$/);
    await waitForShown(page, "#ru", /^[23] читателя онлайн$/);
    await waitForShown(page, "#mounted", /^[23] reading now$/);
    // Beside the status, in the header.
    expect(
      await page.evaluate(
        () =>
          document.querySelector("#on")?.shadowRoot?.querySelector('[part="readers"]')?.parentElement
            ?.className,
      ),
    ).toBe("bar");
    expect(await shownCount(page, "#off")).toBeNull();

    // Two readers leave; the next refresh (15 s on) says so.
    readers.splice(0).forEach((r) => r.close());
    await waitFor(async () => (await countOf(articleId)) === 1, 10_000, "only the page's socket counted");
    await page.clock.fastForward(15_000);
    await waitForShown(page, "#on", /^1 reading now$/);
    await waitForShown(page, "#ru", /^1 читатель онлайн$/);
    await waitForShown(page, "#mounted", /^1 reading now$/);
    expect(await shownCount(page, "#off")).toBeNull();
    await page.close();
  });

  it('shows "N reading now" in the editor console for the article being edited', async () => {
    const articleId = await stack.createArticle("readers-console", "Console count");
    readers.push(startReader(stack.url, articleId), startReader(stack.url, articleId));
    const page = await browser.newPage();
    await page.goto(`${stack.url}/editor`);
    await page.fill("#token", stack.token);
    await page.click("#signin-form button");
    await page.waitForSelector("#workspace:not([hidden])");
    await page.fill("#article-id", articleId);
    await page.click("#open");
    await page.waitForFunction(() => document.querySelector("#connection")?.textContent === "Live");
    // Two readers and the console's own connection, once a refresh (every 5 s) has seen them all.
    await page.waitForFunction(
      () => document.querySelector("#readers")?.textContent === "3 reading now",
      undefined,
      {
        timeout: patient(15_000),
      },
    );
    expect(await countOf(articleId)).toBe(3);
    await page.close();
  });
});
