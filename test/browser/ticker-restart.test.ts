import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type HeraldServer } from "../../server/create-server.js";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { range } from "../helpers/reader.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { announcements, shown, waitForCount, waitForState } from "./ticker-page.js";

describe("<live-ticker> across a server restart", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const extra: HeraldServer[] = [];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await Promise.all(extra.map((s) => s.close()));
    await stack?.close();
  });

  it("shows 'Reconnecting…', then every entry posted meanwhile exactly once, in order", async () => {
    const articleId = await stack.createArticle("restart", "Restart");
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Before", title: "0" });
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === 1);
    site = await startHostSite({
      "/": embeddingPage(
        stack.url,
        `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
      ),
    });
    const page = await browser.newPage();
    await page.goto(site.url);
    await waitForState(page, "Live");

    // Editors keep posting through another server while the reader's one is down.
    const other = await startServer(stack.config, stack.logger);
    extra.push(other);
    const port = stack.server.port;
    await stack.server.close();
    await waitForState(page, "Reconnecting…");
    for (const i of range(5)) {
      const res = await fetch(`${other.url}/v1/articles/${articleId}/entries`, {
        method: "POST",
        headers: { authorization: `Bearer ${stack.token}`, "content-type": "application/json" },
        body: JSON.stringify({ body: `While down ${i}`, title: String(i) }),
      });
      expect(res.status).toBe(202);
    }
    await waitFor(
      async () => (await (await fetch(`${other.url}/v1/articles/${articleId}`)).json()).seq === 6,
    );

    const restarted = await startServer({ ...stack.config, PORT: port }, stack.logger);
    extra.push(restarted);
    await waitForCount(page, 6, "live-ticker", 15_000);
    await waitForState(page, "Live");
    expect((await shown(page)).map((e) => e.title)).toEqual(["5", "4", "3", "2", "1", "0"]);
    // The catch-up is one announcement, not five.
    expect(await announcements(page)).toEqual(["5 new updates"]);
    // Nothing arrives twice later either: a late duplicate would show a seventh entry.
    await new Promise((r) => setTimeout(r, 300));
    expect(await shown(page)).toHaveLength(6);
    await page.close();
  });
});
