import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { range } from "../helpers/reader.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";
import { waitForState } from "./ticker-page.js";

/** Waits until the entry `id` is at the top of the viewport, highlighted and focused, and no other is highlighted. */
async function waitForLinked(page: Page, id: string, selector = "live-ticker") {
  await page.waitForFunction(
    ([sel, entryId]) => {
      const root = document.querySelector(sel)!.shadowRoot!;
      const node = root.querySelector<HTMLElement>(`.feed [data-entry-id="${entryId}"]`);
      const highlighted = [...root.querySelectorAll<HTMLElement>(".feed .entry")].filter(
        (entry) => getComputedStyle(entry).boxShadow !== "none",
      );
      return (
        node !== null &&
        Math.abs(node.getBoundingClientRect().top) < 2 &&
        root.activeElement === node &&
        highlighted.length === 1 &&
        highlighted[0] === node
      );
    },
    [selector, id] as const,
    { timeout: patient(10_000) },
  );
}

const entryCount = (page: Page, selector = "live-ticker") =>
  page.evaluate(
    (sel) => document.querySelector(sel)!.shadowRoot!.querySelectorAll(".feed .entry").length,
    selector,
  );

describe("<live-ticker>: links to entries and the share button", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const pages: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  let articleId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ config: { RESET_ENTRIES: "20" } });
    browser = await launchChromium();
    site = await startHostSite(pages);
    articleId = await stack.createArticle("links", "Summit day");
    for (const i of range(30)) {
      // range is 1-based: ids[k] is "Update k+1".
      const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
        title: `Update ${i}`,
        body: `Update ${i}\n\nWith a second paragraph.`,
      });
      ids.push(res.body.id as string);
    }
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 30);
    pages["/summit"] = embeddingPage(
      stack.url,
      `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
      { after: '<div style="height: 3000px"></div>' },
    );
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await site?.close();
    await stack?.close();
  });

  async function newPage(options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 }, ...options });
    contexts.push(context);
    return context.newPage();
  }

  it("opens #entry-<id> of an entry older than the first page: loads older pages, scrolls to it, highlights it", async () => {
    const page = await newPage();
    await page.goto(`${site.url}/summit#entry-${ids[3]}`);
    await waitForState(page, "Live");
    await waitForLinked(page, ids[3]!);
    expect(await entryCount(page)).toBeGreaterThan(20); // it was not on the first page

    // Another link on the same page (hashchange): the highlight moves with it.
    await page.evaluate((id) => (location.hash = `#entry-${id}`), ids[25]);
    await waitForLinked(page, ids[25]!);

    // A link to an entry this article does not have: said so, and nothing highlighted.
    await page.evaluate(() => (location.hash = "#entry-not-in-this-article"));
    await page.locator("live-ticker").getByRole("status").getByText("Update not found").waitFor();
    expect(
      await page.evaluate(() =>
        [...document.querySelector("live-ticker")!.shadowRoot!.querySelectorAll(".entry")].some(
          (entry) => getComputedStyle(entry).boxShadow !== "none",
        ),
      ),
    ).toBe(false);
  });

  it("Share copies the entry's link (this page, without its hash) where there is no Web Share API", async () => {
    const page = await newPage({ permissions: ["clipboard-read", "clipboard-write"] });
    // Desktop Chromium on Linux has no navigator.share; this makes sure of it.
    await page.addInitScript(() => delete (Navigator.prototype as { share?: unknown }).share);
    await page.goto(`${site.url}/summit#entry-${ids[29]}`);
    await waitForState(page, "Live");
    await waitForLinked(page, ids[29]!);
    const status = page.locator("live-ticker").getByRole("status");
    expect(await status.textContent()).toBe("");

    await page
      .locator("live-ticker")
      .locator(`[data-entry-id="${ids[27]}"]`)
      .getByRole("button", { name: "Share" })
      .click();
    await status.getByText("Link copied").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `${site.url}/summit#entry-${ids[27]}`,
    );
    // The note goes after a few seconds.
    await page.waitForFunction(
      () =>
        document.querySelector("live-ticker")!.shadowRoot!.querySelector('[role="status"]')!.textContent ===
        "",
      null,
      { timeout: patient(8_000) },
    );
  });

  it("Share uses navigator.share where the browser has it, with the entry's link and title", async () => {
    const page = await newPage();
    await page.addInitScript(() => {
      const calls: ShareData[] = [];
      Object.assign(window, { shareCalls: calls });
      Object.defineProperty(Navigator.prototype, "share", {
        configurable: true,
        value: (data: ShareData) => (calls.push(data), Promise.resolve()),
      });
    });
    await page.goto(`${site.url}/summit`);
    await waitForState(page, "Live");
    await page
      .locator("live-ticker")
      .locator(`[data-entry-id="${ids[28]}"]`)
      .getByRole("button", { name: "Share" })
      .click();
    await page.waitForFunction(() => (window as unknown as { shareCalls: unknown[] }).shareCalls.length > 0);
    expect(await page.evaluate(() => (window as unknown as { shareCalls: unknown[] }).shareCalls)).toEqual([
      { url: `${site.url}/summit#entry-${ids[28]}`, title: "Update 29" },
    ]);
    expect(await page.locator("live-ticker").getByRole("status").textContent()).toBe("");
  });

  it("embed.html: each BlogPosting's url is absolute, names an entry of the page, and opens the ticker there", async () => {
    const html = await (await fetch(`${stack.url}/v1/articles/${articleId}/embed.html`)).text();
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as {
      url: string;
      liveBlogUpdate: { url: string; headline: string }[];
    };
    expect(jsonLd.url).toBe(`${stack.url}/v1/articles/${articleId}/embed.html`);
    expect(jsonLd.liveBlogUpdate.length).toBeGreaterThan(0);
    for (const update of jsonLd.liveBlogUpdate) {
      const url = new URL(update.url); // throws if relative
      expect(`${url.origin}${url.pathname}`).toBe(jsonLd.url);
      expect(html).toContain(`<article id="${url.hash.slice(1)}">`);
    }
    // One with entries below it to scroll by.
    const early = jsonLd.liveBlogUpdate.find((update) => update.headline === "Update 15")!;
    const page = await newPage({ viewport: { width: 800, height: 400 } });
    await page.goto(early.url);
    await waitForState(page, "Live", "[data-live-ticker]");
    await waitForLinked(page, ids[14]!, "[data-live-ticker]");
    expect(new URL(early.url).hash).toBe(`#entry-${ids[14]}`);
  });
});
