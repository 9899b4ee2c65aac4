import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { launchChromium } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";
import type { Entry } from "../../protocol/index.js";

/**
 * The console's picture and embed fields: the preview shows them as readers will see them
 * (cards not loaded, buttons off, no request to a provider), a bad URL is explained before
 * anything is sent, and Publish and Save correction carry them to the API.
 */

const IMAGE_URL = "https://images.example.org/photos/vote.svg";
const PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="640" height="360" fill="#963"/></svg>`;

describe("the editor console's image and embed fields", () => {
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

  async function signedIn(articleId: string): Promise<{ page: Page; external: string[] }> {
    const page = await browser.newPage();
    page.setDefaultTimeout(patient(15_000));
    const external: string[] = [];
    await page.route(
      (url) => url.hostname !== "127.0.0.1",
      (route) => {
        external.push(route.request().url());
        return route.request().url().startsWith(IMAGE_URL)
          ? route.fulfill({ contentType: "image/svg+xml", body: PICTURE })
          : route.abort();
      },
    );
    await page.goto(`${stack.url}/editor`);
    await page.fill("#token", stack.token);
    await page.click("#signin-form button");
    await page.waitForSelector("#workspace:not([hidden])");
    await page.fill("#article-id", articleId);
    await page.click("#open");
    await page.waitForFunction(() => document.querySelector("#connection")?.textContent === "Live");
    return { page, external };
  }

  const entriesOf = async (articleId: string) =>
    ((await stack.api("GET", `/v1/articles/${articleId}/entries`)).body as { entries: Entry[] }).entries;

  it("previews the picture and unloaded cards, refuses a bad URL, publishes and corrects them", async () => {
    const articleId = await stack.createArticle(undefined, "Console media: live");
    const { page, external } = await signedIn(articleId);

    await page.fill("#entry-body", "The assembly votes.");
    await page.fill("#image-url", IMAGE_URL);
    await page.fill("#image-alt", "Delegates raise their hands");
    await page.fill("#image-caption", "The vote");
    await page.fill("#image-credit", "Photo: A. Reporter");
    await page.fill("#embed-urls", "https://youtu.be/dQw4w9WgXcQ\nhttps://www.facebook.com/x/posts/1");

    // The unknown provider is named in the preview and stops Publish, before any request.
    await page.waitForFunction(() =>
      document.querySelector("#preview-media .error")?.textContent?.includes("facebook"),
    );
    await page.click("#publish");
    await page.waitForFunction(() =>
      document.querySelector("#compose-message")?.textContent?.includes("facebook"),
    );
    expect(await entriesOf(articleId)).toEqual([]);

    await page.fill("#embed-urls", "https://youtu.be/dQw4w9WgXcQ\nhttps://mastodon.social/@news/42");
    await page.waitForFunction(() => document.querySelectorAll("#preview-media .embed").length === 2);
    const preview = await page.evaluate(() => {
      const root = document.querySelector("#preview-media")!;
      return {
        alt: root.querySelector("figure img")?.getAttribute("alt"),
        caption: root.querySelector("figcaption")?.textContent,
        providers: [...root.querySelectorAll(".embed strong")].map((n) => n.textContent),
        buttons: [...root.querySelectorAll<HTMLButtonElement>(".embed button")].map((b) => [
          b.textContent,
          b.disabled,
        ]),
        frames: document.querySelectorAll("iframe").length,
        error: root.querySelector(".error")?.textContent ?? null,
      };
    });
    expect(preview).toEqual({
      alt: "Delegates raise their hands",
      caption: "The vote — Photo: A. Reporter",
      providers: ["YouTube", "Mastodon"],
      buttons: [
        ["Load YouTube video", true],
        ["Load Mastodon post", true],
      ],
      frames: 0,
      error: null,
    });
    // The preview measured the picture, so readers' pages can reserve its box.
    await page.waitForFunction(
      () => (document.querySelector<HTMLImageElement>("#preview-media img")?.naturalWidth ?? 0) > 0,
    );

    await page.click("#publish");
    const [entry] = await waitFor(async () => {
      const list = await entriesOf(articleId);
      return list.length === 1 && list;
    });
    expect(entry?.image).toEqual({
      url: IMAGE_URL,
      alt: "Delegates raise their hands",
      caption: "The vote",
      credit: "Photo: A. Reporter",
      width: 640,
      height: 360,
    });
    expect(entry?.embeds?.map((e) => e.embedUrl)).toEqual([
      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      "https://mastodon.social/@news/42/embed",
    ]);
    // The compose form and its preview are empty again; the reader view shows the cards. The
    // form is emptied when the console reads the answer to its POST, which may come after the
    // worker has stored the entry (what the wait above saw); the preview in the same reset.
    await waitFor(
      async () => (await page.inputValue("#image-url")) === "",
      5_000,
      "the compose form emptied",
    );
    expect(await page.locator("#preview-media > *").count()).toBe(0);
    await page.waitForFunction(() => document.querySelectorAll("#entries .entry .embed").length === 2);

    // A correction starts from the entry's picture and embeds; emptying them removes them.
    await page.click("#entries .entry .actions button:text('Edit')");
    expect(await page.inputValue("#image-alt")).toBe("Delegates raise their hands");
    expect(await page.inputValue("#embed-urls")).toBe(
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ\nhttps://mastodon.social/@news/42",
    );
    await page.fill("#embed-urls", "");
    await page.fill("#image-alt", "Delegates vote by show of hands");
    await page.click("#publish");
    const corrected = await waitFor(async () => {
      const [e] = await entriesOf(articleId);
      return e?.embeds === undefined && e;
    });
    expect(corrected.image).toMatchObject({
      alt: "Delegates vote by show of hands",
      width: 640,
      height: 360,
    });

    // Nothing but the picture was ever requested off this machine: no provider.
    expect(external.every((u) => u.startsWith(IMAGE_URL))).toBe(true);
    await page.close();
  });
});
