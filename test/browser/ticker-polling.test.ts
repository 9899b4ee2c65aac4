import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../helpers/stack.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";
import { announcements, shown, waitForEntry, waitForState } from "./ticker-page.js";

const POLLING_STATUS = "Live · updates every few seconds";

describe("<live-ticker> behind a proxy that blocks WebSocket", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({ config: { POLL_INTERVAL_S: "1" } });
    browser = await launchChromium();
    site = await startHostSite(pages);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.close();
  });

  /** A page on another origin whose every WebSocket is closed before it opens, as such a proxy does. */
  async function openBlocked(articleId: string): Promise<{ page: Page; blocked: () => number }> {
    pages[`/${articleId}`] = embeddingPage(
      stack.url,
      `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
    );
    const page = await browser.newPage();
    let attempts = 0;
    await page.routeWebSocket(/./, (ws) => {
      attempts++;
      void ws.close({ code: 1008, reason: "blocked by proxy" });
    });
    await page.goto(`${site.url}/${articleId}`);
    return { page, blocked: () => attempts };
  }

  const post = async (articleId: string, body: string, title: string) => {
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body, title });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };

  it("still shows new entries, corrections and retractions, in order and once each, and says it updates every few seconds", async () => {
    const articleId = await stack.createArticle("blocked-ws", "Storm: live");
    const first = await post(articleId, "Already there", "Zero");
    const { page, blocked } = await openBlocked(articleId);
    await waitForState(page, POLLING_STATUS);
    await waitForEntry(page, first);
    expect(blocked()).toBeGreaterThan(0);

    const a = await post(articleId, "Entry A", "A");
    const b = await post(articleId, "Entry B", "B");
    await waitForEntry(page, b);
    expect((await shown(page)).map((e) => e.title)).toEqual(["B", "A", "Zero"]);

    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${a}`, { body: "Entry A, corrected" });
    await stack.api("DELETE", `/v1/articles/${articleId}/entries/${b}`);
    const c = await post(articleId, "Entry C", "C");
    await waitForEntry(page, c);
    await waitForEntry(page, b, { present: false });
    await page.waitForFunction(
      () =>
        document
          .querySelector("live-ticker")
          ?.shadowRoot?.querySelector(".feed .entry:nth-child(2) .body")
          ?.textContent?.includes("corrected"),
      undefined,
      { timeout: patient(15_000) },
    );
    const after = await shown(page);
    expect(after.map((e) => [e.title, e.text, e.updated])).toEqual([
      ["C", "Entry C", false],
      ["A", "Entry A, corrected", true],
      ["Zero", "Already there", false],
    ]);
    // Each new entry was announced once, in the order it was posted (the retracted one too:
    // it was news when it came).
    expect(await announcements(page)).toEqual(["New update: A", "New update: B", "New update: C"]);
    expect(
      await page.evaluate(
        () => document.querySelector("live-ticker")?.shadowRoot?.querySelector(".status")?.textContent,
      ),
    ).toBe(POLLING_STATUS);

    // No socket ever reached the server: all of it came by polling.
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(/^herald_sockets_connected\{[^}]*\} 0$/m);
    await page.close();
  });
});
