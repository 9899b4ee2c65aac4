import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";
import { waitForEntry, waitForState } from "./ticker-page.js";

/**
 * A reader's view of an entry's picture and embeds (docs/widget.md, "Images and embeds"): the
 * picture's box is reserved before it loads; embeds are cards, and nothing at all is requested
 * from a provider until the reader presses the card's button. Every request to a host other
 * than 127.0.0.1 is answered here, by the test (never the internet), and recorded.
 */

const IMAGE = {
  url: "https://images.example.org/photos/vote.jpg",
  alt: "Delegates raise their hands in the assembly hall",
  caption: "The vote at 13:05",
  credit: "Photo: A. Reporter",
  width: 1200,
  height: 800,
};
const YOUTUBE = "https://youtu.be/dQw4w9WgXcQ";
const YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";
const MASTODON = "https://mastodon.social/@Gargron/112233445566778899";
/** The hosts a card could contact: the post's own site and its embed endpoint. */
const PROVIDER_HOSTS = ["youtu.be", "www.youtube.com", "www.youtube-nocookie.com", "mastodon.social"];

/** An 1200×800 picture (SVG: no encoder needed), the size the entry declares. */
const PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="1200" height="800" fill="#369"/></svg>`;

describe("<live-ticker>: an entry's picture and click-to-load embeds", () => {
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

  /**
   * A page whose every request off 127.0.0.1 is recorded and answered locally: the picture
   * only once `releasePicture` is called, a provider's embed with a small page of its own.
   */
  async function openRecorded(articleId: string) {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    const external: string[] = [];
    let releasePicture: () => void = () => undefined;
    const pictureGate = new Promise<void>((resolve) => (releasePicture = resolve));
    await page.route(
      (url) => url.hostname !== "127.0.0.1",
      async (route: Route) => {
        const url = new URL(route.request().url());
        external.push(url.href);
        if (url.hostname === "images.example.org") {
          await pictureGate;
          await route.fulfill({ contentType: "image/svg+xml", body: PICTURE });
        } else if (PROVIDER_HOSTS.includes(url.hostname)) {
          await route.fulfill({ contentType: "text/html", body: "<p id=provider>The provider's embed</p>" });
        } else {
          await route.abort();
        }
      },
    );
    pages[`/${articleId}`] = embeddingPage(
      stack.url,
      `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
    );
    await page.goto(`${site.url}/${articleId}`);
    await waitForState(page, "Live");
    return { page, external, releasePicture };
  }

  const imageBox = (page: Page, entryId: string) =>
    page.evaluate((id) => {
      const root = document.querySelector("live-ticker")!.shadowRoot!;
      const entry = root.querySelector<HTMLElement>(`[data-entry-id="${id}"]`)!;
      const img = entry.querySelector("figure img")!;
      const box = img.getBoundingClientRect();
      const below = entry.nextElementSibling?.getBoundingClientRect().top ?? null;
      return { width: box.width, height: box.height, below, complete: (img as HTMLImageElement).complete };
    }, entryId);

  it("shows the picture with its alt text and caption, its box reserved before it loads", async () => {
    const articleId = await stack.createArticle(undefined, "Assembly vote: live");
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Earlier entry" });
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
      body: "The assembly votes.",
      image: IMAGE,
    });
    const entryId = res.body.id as string;
    const { page, external, releasePicture } = await openRecorded(articleId);
    await waitForEntry(page, entryId);

    const figure = page.locator(`live-ticker [data-entry-id="${entryId}"] figure`);
    const img = figure.locator("img");
    expect(await img.getAttribute("src")).toBe(IMAGE.url);
    expect(await img.getAttribute("alt")).toBe(IMAGE.alt);
    expect(await img.getAttribute("width")).toBe("1200");
    expect(await img.getAttribute("height")).toBe("800");
    expect(await img.getAttribute("loading")).toBe("lazy");
    expect(await img.getAttribute("decoding")).toBe("async");
    expect(await figure.locator("figcaption").textContent()).toBe(`${IMAGE.caption} — ${IMAGE.credit}`);
    await expect.poll(() => page.getByRole("img", { name: IMAGE.alt }).count()).toBe(1);

    // Before the picture arrives its box already has the picture's shape…
    await expect
      .poll(() => external.some((u) => u.startsWith(IMAGE.url)), { timeout: patient(5_000) })
      .toBe(true);
    const before = await imageBox(page, entryId);
    expect(before.complete).toBe(false);
    expect(before.width).toBeGreaterThan(300);
    expect(before.height).toBeCloseTo((before.width * 800) / 1200, 0);
    // …so nothing moves when it does.
    releasePicture();
    await page.waitForFunction(
      (id) =>
        document
          .querySelector("live-ticker")!
          .shadowRoot!.querySelector<HTMLImageElement>(`[data-entry-id="${id}"] figure img`)!.complete,
      entryId,
      { timeout: patient(5_000) },
    );
    expect(await imageBox(page, entryId)).toEqual({ ...before, complete: true });
    await page.close();
  });

  it("shows embeds as cards that contact no provider until the reader loads one into a sandboxed frame", async () => {
    const articleId = await stack.createArticle(undefined, "Embeds: live");
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
      body: "Video and post.",
      embeds: [{ url: YOUTUBE }, { url: MASTODON }],
    });
    expect(res.status).toBe(202);
    const entryId = res.body.id as string;
    const { page, external } = await openRecorded(articleId);
    await waitForEntry(page, entryId);

    const entry = page.locator(`live-ticker [data-entry-id="${entryId}"]`);
    const cards = entry.locator(".embed");
    await expect.poll(() => cards.count()).toBe(2);
    const youtube = cards.nth(0);
    expect(await youtube.locator("strong").textContent()).toBe("YouTube");
    expect(await youtube.locator("a").textContent()).toBe("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    expect(await youtube.locator("p").textContent()).toContain("YouTube");
    const loadVideo = page.getByRole("button", { name: "Load YouTube video" });
    const loadPost = page.getByRole("button", { name: "Load Mastodon post" });
    expect(await loadVideo.count()).toBe(1);
    expect(await loadPost.count()).toBe(1);
    expect(await page.locator("live-ticker iframe").count()).toBe(0);

    // The page has loaded, the cards have been shown: still not one request to a provider.
    await page.waitForLoadState("networkidle");
    const isProvider = (href: string) => PROVIDER_HOSTS.includes(new URL(href).hostname);
    expect(external.filter(isProvider)).toEqual([]);

    await loadVideo.click();
    const frame = entry.locator("iframe");
    await expect.poll(() => frame.count()).toBe(1);
    expect(await frame.getAttribute("src")).toBe(YOUTUBE_EMBED);
    expect(await frame.getAttribute("sandbox")).toBe("allow-scripts allow-same-origin allow-popups");
    expect(await frame.getAttribute("referrerpolicy")).toBe("strict-origin-when-cross-origin");
    expect(await frame.getAttribute("loading")).toBe("lazy");
    await expect
      .poll(() => external.filter(isProvider), { timeout: patient(5_000) })
      .toEqual([YOUTUBE_EMBED]);
    // The request is seen when it is made; the frame is at that address only once the answer
    // has come back and the frame has navigated.
    const embedded = await waitFor(
      () => page.frames().find((f) => f.url() === YOUTUBE_EMBED),
      5_000,
      "the frame to load the YouTube embed",
    );
    expect(await embedded.locator("#provider").textContent()).toBe("The provider's embed");
    // The other card is still a card, and Mastodon still unasked.
    expect(await cards.count()).toBe(1);
    expect(await loadPost.count()).toBe(1);
    expect(external.some((u) => u.includes("mastodon.social"))).toBe(false);
    await page.close();
  });
});
