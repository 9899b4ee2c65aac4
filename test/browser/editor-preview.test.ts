import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../helpers/stack.js";
import { launchChromium } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";

/** The slow connection: how long every preview answer is held back. */
const PREVIEW_DELAY_MS = 300;

/**
 * A console on a slow connection: every `/v1/preview` answer comes back a few hundred ms late
 * and, while `hold()` is on, not before `releaseAll()` (the unluckiest timing: after the compose
 * box was reset). Answers to requests the page has aborted fail quietly, as on a real network.
 */
async function slowPreviews(page: Page, stack: Stack) {
  let release = () => {};
  let gate = Promise.resolve();
  const held: Promise<void>[] = [];
  const waiting: { word: string; seen: () => void }[] = [];
  await page.route(`${stack.url}/v1/preview`, (route: Route) => {
    const gateNow = gate;
    held.push(
      (async () => {
        await new Promise((r) => setTimeout(r, PREVIEW_DELAY_MS));
        await gateNow;
        await route.continue().catch(() => undefined); // aborted by the page: nothing to answer
      })(),
    );
    const text = route.request().postData() ?? "";
    for (const w of waiting.filter((w) => text.includes(w.word))) w.seen();
  });
  return {
    /** Holds every answer to a request made from now on until `releaseAll()`. */
    hold() {
      gate = new Promise<void>((r) => (release = r));
    },
    /** Resolves once the page has asked for a preview of a text containing `word`. */
    asked: (word: string) => new Promise<void>((seen) => waiting.push({ word, seen })),
    /** Lets every held answer through and waits until all have gone back to the page. */
    async releaseAll() {
      release();
      gate = Promise.resolve();
      await Promise.all(held);
    },
  };
}

/**
 * Records, in the page, whether the preview ever shows `text` while the compose box is empty:
 * the bug is a flash as much as a state.
 */
async function watchPreviewFor(page: Page, text: string) {
  type Flags = { staleShown?: Record<string, boolean> };
  await page.evaluate((sent) => {
    const flags = ((window as Flags).staleShown ??= {});
    flags[sent] = false;
    const body = document.querySelector<HTMLTextAreaElement>("#entry-body")!;
    new MutationObserver(() => {
      if (body.value === "" && document.querySelector("#preview")!.textContent.includes(sent))
        flags[sent] = true;
    }).observe(document.querySelector("#preview")!, { childList: true, subtree: true, characterData: true });
  }, text);
  return () => page.evaluate((sent) => (window as Flags).staleShown![sent], text);
}

/** Lets the page run what the released answers queued (their promise jobs, then a frame). */
const settled = (page: Page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

describe("the console's preview on a slow connection, in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function signedIn(articleId: string): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(patient(15_000));
    page.on("dialog", (d) => void d.accept());
    await page.goto(`${stack.url}/editor`);
    await page.fill("#token", stack.token);
    await page.click("#signin-form button");
    await page.waitForSelector("#workspace:not([hidden])");
    await page.fill("#article-id", articleId);
    await page.click("#open");
    await page.waitForFunction(() => document.querySelector("#connection")?.textContent === "Live");
    return page;
  }

  it(
    "after Publish, Save correction and a retraction the preview stays empty, never the text sent",
    async () => {
      await stack.createArticle("console-slow-preview", "Slow preview");
      const page = await signedIn("console-slow-preview");
      const network = await slowPreviews(page, stack);
      const previewText = () => page.textContent("#preview");

      // Publish while the preview of the text is still on its way.
      const sent = "Minister **resigns** after the vote";
      const staleAfterPublish = await watchPreviewFor(page, "Minister resigns");
      network.hold();
      const previewAsked = network.asked("resigns");
      await page.fill("#entry-body", sent);
      await previewAsked;
      await page.click("#publish");
      await page.waitForFunction(
        () => document.querySelector("#compose-message")?.textContent === "Published.",
      );
      expect(await page.inputValue("#entry-body")).toBe("");
      await network.releaseAll();
      await settled(page);
      expect(await previewText()).toBe("");
      expect(await staleAfterPublish()).toBe(false);

      // Publish within the debounce pause: the timer must not render the text either.
      network.hold();
      await page.fill("#entry-body", "Second statement expected at noon");
      await page.press("#entry-body", "Control+Enter");
      await page.waitForFunction(() => document.querySelectorAll("#entries .entry").length === 2);
      // The entry can reach the reader view over the socket before the console has read the
      // answer to its POST, which is what resets the compose box: released only after that.
      await page.waitForFunction(
        () => document.querySelector<HTMLTextAreaElement>("#entry-body")?.value === "",
      );
      await network.releaseAll();
      await settled(page);
      expect(await previewText()).toBe("");

      // Save a correction while its preview is on its way.
      const staleAfterCorrection = await watchPreviewFor(page, "resigned on Tuesday");
      await page.click("#entries .entry:has-text('Minister resigns') button:has-text('Edit')");
      expect(await page.inputValue("#entry-body")).toBe(sent);
      network.hold();
      const correctionAsked = network.asked("Tuesday");
      await page.fill("#entry-body", "Minister resigned on Tuesday after the vote");
      await correctionAsked;
      await page.click("#publish");
      await page.waitForFunction(
        () => document.querySelector("#compose-message")?.textContent === "Correction saved.",
      );
      expect(await page.textContent("#publish")).toBe("Publish");
      await network.releaseAll();
      await settled(page);
      expect(await previewText()).toBe("");
      expect(await staleAfterCorrection()).toBe(false);

      // The corrected entry retracted: still nothing of it in the preview.
      await page.click("#entries .entry:has-text('Tuesday') button:has-text('Retract')");
      await page.waitForFunction(() => document.querySelectorAll("#entries .entry").length === 1);
      await network.releaseAll();
      await settled(page);
      expect(await previewText()).toBe("");
      expect(await staleAfterPublish()).toBe(false);
      expect(await staleAfterCorrection()).toBe(false);

      // The preview still works for what the editor types next, on the same slow connection.
      const nextAsked = network.asked("opposition");
      await page.fill("#entry-body", "Next: the *opposition* responds");
      await nextAsked;
      await network.releaseAll();
      await page.waitForFunction(() => document.querySelector("#preview em")?.textContent === "opposition");
      await page.close();
    },
    patient(60_000),
  );
});
