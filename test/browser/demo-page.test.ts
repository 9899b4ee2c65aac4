import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { launchChromium } from "../helpers/browser.js";
import { shown, visibleText, waitForCount, waitForState } from "./ticker-page.js";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000 - 5_000).toISOString();

describe("the demo page a newcomer opens after npm start", () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack({ config: { RESET_ENTRIES: "6" } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("shows the article's ticker live, with pinned, key events, corrections and history", async () => {
    const articleId = await stack.createArticle("peace-talks", "Peace talks in Istanbul: live updates");
    const post = async (entry: Record<string, unknown>) =>
      (await stack.api("POST", `/v1/articles/${articleId}/entries`, entry)).body.id as string;
    const desk = { name: "Live desk" };
    const ayse = { name: "Ayşe Demir" };
    await post({
      body: "Good morning from Istanbul, where delegations meet today.",
      author: desk,
      publishAt: minutesAgo(185),
    });
    await post({
      body: "Delegations have arrived at **Dolmabahçe Palace**. Talks are due to start at 10:00 local time.",
      author: ayse,
      publishAt: minutesAgo(124),
    });
    await post({
      title: "Talks open",
      body: "Foreign ministers shook hands in front of the press. [Read the joint statement](https://example.com/statement).",
      author: ayse,
      keyEvent: true,
      publishAt: minutesAgo(110),
    });
    await post({
      body: "> We are here to end this war, not to pause it.\n\nThe head of one delegation, speaking to reporters outside the palace.",
      author: { name: "Mark Ellis" },
      publishAt: minutesAgo(72),
    });
    const ceasefire = await post({
      title: "Ceasefire agreed",
      body: "Both sides agree to a 72-hour ceasefire starting at midnigth.",
      author: ayse,
      keyEvent: true,
      publishAt: minutesAgo(26),
    });
    await post({
      title: "How to follow today",
      body: "Follow the day here. Key moments so far:\n\n- 10:00 delegations arrive\n- 10:30 opening statements\n- 14:10 ceasefire agreed",
      author: desk,
      pinned: true,
      publishAt: minutesAgo(190),
    });
    await post({
      body: "Reporters are gathering for a joint press conference at 15:00.",
      author: { name: "Mark Ellis" },
      publishAt: minutesAgo(3),
    });
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${ceasefire}`, {
      body: "Both sides agree to a 72-hour ceasefire starting at midnight, monitored by observers.",
    });
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 8);

    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    await page.goto(`${stack.url}/demo/${articleId}`);
    await waitForState(page, "Live");
    // Six entries fill the first page (RESET_ENTRIES); the pinned one is older, and on top.
    await waitForCount(page, 7);
    expect(await visibleText(page, ".title")).toBe("Peace talks in Istanbul: live updates");
    const entries = await shown(page);
    expect(entries.map((e) => [e.title || e.text.slice(0, 20), e.time])).toEqual([
      ["How to follow today", "3 hours ago"],
      ["Reporters are gather", "3 minutes ago"],
      ["Ceasefire agreed", "26 minutes ago"],
      ["We are here to end t", "1 hour ago"],
      ["Talks open", "1 hour ago"],
      ["Delegations have arr", "2 hours ago"],
      ["Good morning from Is", "3 hours ago"],
    ]);
    expect(entries.filter((e) => e.updated).map((e) => e.title)).toEqual(["Ceasefire agreed"]);
    expect(
      await page.locator("live-ticker").getByRole("navigation", { name: "Key events" }).innerText(),
    ).toMatch(/Ceasefire agreed\s+Talks open/);
    await page.locator("live-ticker").getByRole("button", { name: "Load earlier updates" }).waitFor();
    expect(await page.getByRole("heading", { name: "Make it move" }).isVisible()).toBe(true);

    // UPDATE_SCREENSHOTS=1 npm test refreshes docs/screenshots/demo.png.
    if (process.env.UPDATE_SCREENSHOTS)
      await page.screenshot({ path: "docs/screenshots/demo.png", fullPage: true });
    await page.close();
  });
});
