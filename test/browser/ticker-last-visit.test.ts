import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { range } from "../helpers/reader.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";
import { shown, visibleText, waitForCount, waitForState } from "./ticker-page.js";

/** Where the ticker says the reader left off: the entry the line is drawn in, if visible. */
function leftOffEntry(page: Page, selector = "live-ticker"): Promise<{ id: string; text: string } | null> {
  return page.evaluate((sel) => {
    const line = document.querySelector(sel)?.shadowRoot?.querySelector<HTMLElement>(".left-off");
    if (!line || line.offsetParent === null || line.getBoundingClientRect().height === 0) return null;
    return { id: line.closest<HTMLElement>(".entry")?.dataset.entryId ?? "", text: line.textContent ?? "" };
  }, selector);
}

/** Waits until the entry `id` is at the top of the viewport and has keyboard focus. */
async function waitForJumpTo(page: Page, id: string) {
  await page.waitForFunction(
    (entryId) => {
      const root = document.querySelector("live-ticker")!.shadowRoot!;
      const node = root.querySelector(`[data-entry-id="${entryId}"]`);
      return node && Math.abs(node.getBoundingClientRect().top) < 2 && root.activeElement === node;
    },
    id,
    { timeout: patient(5_000) },
  );
}

describe("<live-ticker>: since your last visit", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const pages: Record<string, string> = {};
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startStack({ config: { RESET_ENTRIES: "20" } });
    browser = await launchChromium();
    site = await startHostSite(pages);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await site?.close();
    await stack?.close();
  });

  const post = async (articleId: string, body: Record<string, unknown>) =>
    (await stack.api("POST", `/v1/articles/${articleId}/entries`, body)).body.id as string;
  const postMany = async (articleId: string, prefix: string, count: number) => {
    const ids: string[] = [];
    for (const i of range(count)) ids.push(await post(articleId, { body: `${prefix} ${i}\n\nMore on it.` }));
    return ids;
  };
  const waitForHead = (articleId: string, seq: number) =>
    waitFor(async () => (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq === seq);

  /** A reader's browser: localStorage lasts across visits within it. */
  async function reader(articleId: string, ticker?: string): Promise<Page> {
    pages[`/${articleId}`] = embeddingPage(
      stack.url,
      ticker ?? `<live-ticker server="${stack.url}" article="${articleId}"></live-ticker>`,
      { after: '<div style="height: 3000px"></div>' },
    );
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    contexts.push(context);
    return context.newPage();
  }
  const visit = async (page: Page, articleId: string, entries: number, selector = "live-ticker") => {
    await page.goto(`${site.url}/${articleId}`);
    await waitForState(page, "Live", selector);
    await waitForCount(page, entries, selector);
  };
  /** Leaving the page (pagehide) is when the ticker last writes where the reader got to. */
  const leave = (page: Page) => page.goto("about:blank");

  it("says nothing on a first visit; on return counts the new entries, draws the line and jumps to it, with nothing sent", async () => {
    const articleId = await stack.createArticle("return", "Budget day");
    const first = await postMany(articleId, "Before", 5);
    await waitForHead(articleId, 5);
    const page = await reader(articleId);
    await visit(page, articleId, 5);
    expect(await visibleText(page, ".since")).toBeNull();
    expect(await leftOffEntry(page)).toBeNull();
    // What the browser keeps (read here, on the site's origin, to look for it in requests later).
    const stored = await page.waitForFunction(
      () => Object.entries(localStorage).find(([key]) => key.startsWith("herald:"))?.[1] ?? null,
      null,
      { timeout: patient(5_000) },
    );
    const [seqText, at] = (await stored.jsonValue()).split(" ") as [string, string];
    const seq = Number(seqText);
    expect(seq).toBe(5);
    expect(Date.parse(at)).toBeGreaterThan(0);
    await leave(page);

    const fresh = await postMany(articleId, "After", 3);
    // A correction of an entry the reader saw is not an update since their visit.
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${first[1]}`, {
      body: "Before 1, corrected",
    });
    await waitForHead(articleId, 9);

    const sent: string[] = [];
    const queryValues: string[] = [];
    page.on("request", (request) => {
      void request.allHeaders().then((headers) => sent.push(...Object.values(headers)));
      sent.push(request.url(), request.postData() ?? "");
      queryValues.push(...new URL(request.url()).searchParams.values());
    });
    const numbersSent: unknown[] = [];
    page.on("websocket", (ws) => {
      sent.push(ws.url());
      queryValues.push(...new URL(ws.url()).searchParams.values());
      ws.on("framesent", ({ payload }) => {
        const text = String(payload);
        sent.push(text);
        // Socket.IO: type, namespace, ack id, then JSON (`42/live,0["subscribe",{…}]`).
        const json = text.replace(/^\d+(\/[^,[{]*,)?\d*/, "");
        if (json.startsWith("[") || json.startsWith("{"))
          JSON.stringify(JSON.parse(json), (_k, value: unknown) => (numbersSent.push(value), value));
      });
    });
    await visit(page, articleId, 8);

    await page
      .locator("live-ticker")
      .getByText("3 updates since your last visit")
      .waitFor({ timeout: patient(5_000) });
    expect(await leftOffEntry(page)).toEqual({ id: first[4], text: "You left off here" });
    // Above the line, the three new entries; below it, what the reader had seen.
    expect((await shown(page)).map((e) => e.id)).toEqual([...first, ...fresh].reverse());

    await page.locator("live-ticker").getByRole("button", { name: "Jump to where you left off" }).click();
    await waitForJumpTo(page, first[4]!);

    // Nothing the page sent carries the mark: no URL, header, body or socket message.
    expect(sent.some((text) => text.includes("/socket.io/"))).toBe(true);
    expect(sent.filter((text) => text.includes(at))).toEqual([]);
    expect(queryValues).not.toContain(String(seq));
    expect(numbersSent).toContain(articleId); // the subscribe message was read
    expect(numbersSent).not.toContain(seq);
    expect(sent.filter((text) => text.includes("last-visit"))).toEqual([]);
  });

  it("pages back to where the reader left off when more than a page of entries is new", async () => {
    const articleId = await stack.createArticle("away-long", "Long day");
    const first = await postMany(articleId, "Morning", 3);
    await waitForHead(articleId, 3);
    const page = await reader(articleId);
    await visit(page, articleId, 3);
    await leave(page);
    await postMany(articleId, "Afternoon", 25);
    await waitForHead(articleId, 28);

    await page.goto(`${site.url}/${articleId}`);
    await waitForState(page, "Live");
    // The first page holds 20 entries; older pages load until the last one seen is there.
    await page
      .locator("live-ticker")
      .getByText("25 updates since your last visit")
      .waitFor({ timeout: patient(10_000) });
    expect(await leftOffEntry(page)).toEqual({ id: first[2], text: "You left off here" });
    await page.locator("live-ticker").getByRole("button", { name: "Jump to where you left off" }).click();
    await waitForJumpTo(page, first[2]!);
  });

  it('keeps nothing and shows nothing with last-visit="off" or data-last-visit="off"', async () => {
    const articleId = await stack.createArticle("off", "Quiet");
    await postMany(articleId, "Before", 2);
    await waitForHead(articleId, 2);
    const tickers = `<live-ticker server="${stack.url}" article="${articleId}" last-visit="off"></live-ticker>
<div data-live-ticker data-server="${stack.url}" data-article="${articleId}" data-last-visit="off"></div>`;
    const page = await reader(articleId, tickers);
    await visit(page, articleId, 2);
    await waitForCount(page, 2, "[data-live-ticker]");
    await leave(page);
    await postMany(articleId, "After", 2);
    await waitForHead(articleId, 4);

    await visit(page, articleId, 4);
    await waitForCount(page, 4, "[data-live-ticker]");
    for (const selector of ["live-ticker", "[data-live-ticker]"]) {
      expect(await visibleText(page, ".since", selector)).toBeNull();
      expect(await leftOffEntry(page, selector)).toBeNull();
    }
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
  });
});
