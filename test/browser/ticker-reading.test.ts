import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { range } from "../helpers/reader.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { shown, visibleText, waitForCount, waitForEntry, waitForState } from "./ticker-page.js";

describe("<live-ticker> while reading: new-updates button, history, relative times, motion, theming", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({ config: { RESET_ENTRIES: "20" } });
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
  const headOf = async (articleId: string) =>
    (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq as number;

  async function open(
    articleId: string,
    options: { ticker?: string; before?: string; setup?: (page: Page) => Promise<void> } = {},
  ): Promise<Page> {
    pages[`/${articleId}`] = embeddingPage(
      stack.url,
      options.ticker ?? `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
      options,
    );
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
    await options.setup?.(page);
    await page.goto(`${site.url}/${articleId}`);
    await waitForState(page, "Live");
    return page;
  }

  it("keeps the page still when the reader has scrolled: 'N new updates' brings them in", async () => {
    const articleId = await stack.createArticle("scroll", "Election night");
    for (const i of range(15))
      await post(articleId, {
        body: `Result ${i}\n\nMore detail on this result, line after line.`,
        title: `Seat ${i}`,
      });
    await waitFor(async () => (await headOf(articleId)) === 15);
    const page = await open(articleId);
    await page.evaluate(() => window.scrollTo(0, 700));
    const anchor = () =>
      page.evaluate(
        () =>
          document
            .querySelector("live-ticker")!
            .shadowRoot!.querySelectorAll(".entry")[6]!
            .getBoundingClientRect().top,
      );
    const before = await anchor();

    await post(articleId, { body: "A new result", title: "Seat 16" });
    const second = await post(articleId, { body: "Another result", title: "Seat 17" });
    const button = page.locator("live-ticker").getByRole("button", { name: "2 new updates" });
    await button.waitFor({ state: "visible" });
    expect(await anchor()).toBe(before);
    expect(await page.evaluate(() => window.scrollY)).toBe(700);
    expect((await shown(page)).map((e) => e.title)).not.toContain("Seat 16");

    await button.click(); // a real click: the button must be on screen while the reader is scrolled
    await waitForEntry(page, second.body.id as string);
    expect((await shown(page)).slice(0, 3).map((e) => e.title)).toEqual(["Seat 17", "Seat 16", "Seat 15"]);
    expect(await visibleText(page, ".new")).toBeNull();
    // The reader is taken to the newest entry, and so is keyboard focus (the button is gone).
    await page.waitForFunction(
      () =>
        Math.abs(
          document.querySelector("live-ticker")!.shadowRoot!.querySelector(".entry")!.getBoundingClientRect()
            .top,
        ) < 2,
    );
    expect(
      await page.evaluate(
        () =>
          (document.querySelector("live-ticker")!.shadowRoot!.activeElement as HTMLElement | null)?.dataset
            .entryId,
      ),
    ).toBe(second.body.id);

    // Held while scrolled; back at the top, the next entry brings the held one in with it.
    await page.evaluate(() => window.scrollTo(0, 900));
    await post(articleId, { body: "Held", title: "Seat 18" });
    await page.locator("live-ticker").getByRole("button", { name: "1 new update" }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    const last = await post(articleId, { body: "At the top", title: "Seat 19" });
    await waitForEntry(page, last.body.id as string);
    expect((await shown(page)).slice(0, 2).map((e) => e.title)).toEqual(["Seat 19", "Seat 18"]);
    expect(await visibleText(page, ".new")).toBeNull();
    await page.close();
  });

  it("holds new entries when the ticker scrolls inside a fixed-height box of the site's", async () => {
    const articleId = await stack.createArticle("sidebar", "Sidebar");
    for (const i of range(10)) await post(articleId, { body: `Item ${i}\n\nwith a second paragraph` });
    await waitFor(async () => (await headOf(articleId)) === 10);
    const page = await open(articleId, {
      ticker: `<aside id="box" style="height: 300px; overflow-y: auto"><live-ticker server="${stack.url}" article="${articleId}"></live-ticker></aside>`,
    });
    await page.evaluate(() => (document.querySelector("#box")!.scrollTop = 400));
    await post(articleId, { body: "New in the box" });
    await page.locator("live-ticker").getByRole("button", { name: "1 new update" }).waitFor();
    expect(await page.evaluate(() => document.querySelector("#box")!.scrollTop)).toBe(400);
    await page.close();
  });

  it("pages back with 'Load earlier updates', and to an older key event picked from the list", async () => {
    const articleId = await stack.createArticle("history", "Long day");
    const ids: string[] = [];
    for (const i of range(25)) {
      const entry =
        i === 2 ? { body: "Item 2", title: "Early key event", keyEvent: true } : { body: `Item ${i}` };
      ids.push((await post(articleId, entry)).body.id as string);
    }
    await waitFor(async () => (await headOf(articleId)) === 25);
    const page = await open(articleId);
    expect(await shown(page)).toHaveLength(20);
    // Older than the first page, yet listed among the key events; picking it loads it.
    await page.locator("live-ticker").getByRole("link", { name: "Early key event" }).click();
    await waitForCount(page, 25);
    await page.waitForFunction(
      (id) =>
        (document.querySelector("live-ticker")!.shadowRoot!.activeElement as HTMLElement | null)?.dataset
          .entryId === id,
      ids[1],
    );
    expect((await shown(page)).map((e) => e.title || e.text)).toEqual(
      range(25)
        .reverse()
        .map((i) => (i === 2 ? "Early key event" : `Item ${i}`)),
    );
    await page
      .locator("live-ticker")
      .getByRole("button", { name: "Load earlier updates" })
      .waitFor({ state: "hidden" });
    await page.close();

    // And with the button, page by page.
    const again = await open(articleId);
    const more = again.locator("live-ticker").getByRole("button", { name: "Load earlier updates" });
    await more.click();
    await waitForCount(again, 25);
    await more.waitFor({ state: "hidden" });
    await again.close();
  });

  it("writes times relative, in the page's language, and refreshes them every minute", async () => {
    const articleId = await stack.createArticle("times", "Zeit");
    await post(articleId, {
      body: "Two hours old",
      publishAt: new Date(Date.now() - 2 * 3600_000 - 60_000).toISOString(),
    });
    await post(articleId, { body: "Fresh" });
    await waitFor(async () => (await headOf(articleId)) === 2);
    const page = await open(articleId, {
      ticker: `<live-ticker lang="de" server="${stack.url}" article="${articleId}"></live-ticker>`,
      setup: (p) => p.clock.install({ time: Date.now() }),
    });
    expect((await shown(page)).map((e) => e.time)).toEqual(["jetzt", "vor 2 Stunden"]);
    await page.clock.fastForward("03:10");
    await page.waitForFunction(
      () =>
        document.querySelector("live-ticker")!.shadowRoot!.querySelector(".time")?.textContent ===
        "vor 3 Minuten",
    );
    expect((await shown(page)).map((e) => e.time)).toEqual(["vor 3 Minuten", "vor 2 Stunden"]);
    await page.close();
  });

  it("highlights a new entry, except for readers who asked for reduced motion", async () => {
    const articleId = await stack.createArticle("motion", "Motion");
    const animationOfNewEntry = async (page: Page, body: string) => {
      const res = await post(articleId, { body });
      await waitForEntry(page, res.body.id as string);
      return page.evaluate(
        (id) =>
          getComputedStyle(
            document.querySelector("live-ticker")!.shadowRoot!.querySelector(`[data-entry-id="${id}"]`)!,
          ).animationName,
        res.body.id as string,
      );
    };
    const moving = await open(articleId);
    expect(await animationOfNewEntry(moving, "one")).toBe("herald-fresh");
    await moving.close();
    const still = await open(articleId, { setup: (p) => p.emulateMedia({ reducedMotion: "reduce" }) });
    expect(await animationOfNewEntry(still, "two")).toBe("none");
    await still.close();
  });

  it("takes the site's theme through custom properties and ::part(), and nothing else", async () => {
    const articleId = await stack.createArticle("theme", "Theme");
    await post(articleId, { body: "Styled", title: "A key moment", keyEvent: true });
    await waitFor(async () => (await headOf(articleId)) === 1);
    const page = await open(articleId, {
      before: `<style>
        live-ticker { --herald-accent: rgb(1, 2, 3); --herald-font: monospace; }
        live-ticker::part(entry-title) { color: rgb(4, 5, 6); }
        h3, .badge { color: rgb(200, 0, 0) !important; }
      </style><h3 class="badge">The site's own heading</h3>`,
    });
    const styles = await page.evaluate(() => {
      const root = document.querySelector("live-ticker")!.shadowRoot!;
      return {
        badge: getComputedStyle(root.querySelector(".badge")!).color,
        title: getComputedStyle(root.querySelector(".entry-title")!).color,
        font: getComputedStyle(root.querySelector(".entry")!).fontFamily,
        // The ticker's CSS does not leak out either.
        siteHeading: getComputedStyle(document.querySelector("h3")!).color,
        siteHeadingSize: getComputedStyle(document.querySelector("h3")!).fontSize,
      };
    });
    expect(styles).toEqual({
      badge: "rgb(1, 2, 3)",
      title: "rgb(4, 5, 6)",
      font: "monospace",
      siteHeading: "rgb(200, 0, 0)",
      siteHeadingSize: "18.72px", // the browser's default h3, untouched by the ticker's h3 rule
    });
    await page.close();
  });
});
