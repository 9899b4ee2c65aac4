import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../../protocol/index.js";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { launchChromium } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";

/**
 * The console's side of edit conflicts and labelled corrections (issue #15 items 1 and 4):
 * corrections and retractions go out with If-Match; when another editor changed the entry
 * first, the editor sees both versions and chooses, and the entry ends as they chose.
 */
describe("the editor console: correction notes and edit conflicts, in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack({ workers: 2 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function console_(articleId: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(patient(15_000));
    await page.goto(`${stack.url}/editor`);
    await page.fill("#token", stack.token);
    await page.click("#signin-form button");
    await page.waitForSelector("#workspace:not([hidden])");
    await page.fill("#article-id", articleId);
    await page.click("#open");
    await page.waitForFunction(() => document.querySelector("#connection")?.textContent === "Live");
    return page;
  }

  async function entryOf(articleId: string, entryId: string): Promise<Entry> {
    return (await stack.api("GET", `/v1/articles/${articleId}/entries/${entryId}`)).body as Entry;
  }

  async function newEntry(articleId: string, body: string): Promise<string> {
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body });
    await waitFor(
      async () => (await stack.api("GET", `/v1/articles/${articleId}/entries/${res.body.id}`)).status === 200,
    );
    return res.body.id as string;
  }

  const entryNode = (entryId: string) => `#entries [data-entry-id="${entryId}"]`;
  const clickAction = (page: Page, entryId: string, label: string) =>
    page.click(`${entryNode(entryId)} .actions button:text-is("${label}")`);

  it("saves a correction with a public note, and leaves a silent fix without one", async () => {
    const articleId = await stack.createArticle();
    const id = await newEntry(articleId, "The vote is at 3pm.");
    const page = await console_(articleId);
    await page.waitForSelector(entryNode(id));
    // Only a correction has a note.
    expect(await page.isVisible("#correction-note")).toBe(false);
    await clickAction(page, id, "Edit");
    expect(await page.isVisible("#correction-note")).toBe(true);
    await page.fill("#entry-body", "The vote is at 4pm.");
    await page.fill("#correction-note", "An earlier version misstated the time of the vote.");
    await page.click("#publish");
    await page.waitForFunction(
      () => document.querySelector("#compose-message")?.textContent === "Correction saved.",
    );
    // The reader view shows it as readers do: "Corrected" with the note.
    await page.waitForSelector(`${entryNode(id)} .corrections li`);
    expect(await page.textContent(`${entryNode(id)} .corrections`)).toContain(
      "An earlier version misstated the time of the vote.",
    );
    expect(await page.isVisible("#correction-note")).toBe(false);
    const corrected = await entryOf(articleId, id);
    expect(corrected.corrections?.map((c) => c.note)).toEqual([
      "An earlier version misstated the time of the vote.",
    ]);

    await waitFor(async () => (await page.$(`${entryNode(id)} .actions button`)) !== null);
    await clickAction(page, id, "Edit");
    await page.fill("#entry-body", "The vote is at 4 pm.");
    await page.click("#publish");
    await page.waitForFunction(
      () => document.querySelector("#compose-message")?.textContent === "Correction saved.",
    );
    const silent = await entryOf(articleId, id);
    expect(silent.body).toBe("The vote is at 4 pm.");
    expect(silent.version).toBe(3);
    expect(silent.corrections).toHaveLength(1);
    await page.close();
  });

  it("shows a second editor both versions; overwriting with theirs loaded keeps nothing silent", async () => {
    const articleId = await stack.createArticle();
    const id = await newEntry(articleId, "Original text.");
    const a = await console_(articleId);
    const b = await console_(articleId);
    await a.waitForSelector(entryNode(id));
    await b.waitForSelector(entryNode(id));
    // Both start correcting version 1.
    await clickAction(a, id, "Edit");
    await clickAction(b, id, "Edit");
    await b.fill("#entry-body", "Editor B's text.");
    await b.click("#publish");
    await b.waitForFunction(
      () => document.querySelector("#compose-message")?.textContent === "Correction saved.",
    );
    expect((await entryOf(articleId, id)).version).toBe(2);

    await a.fill("#entry-body", "Editor A's text.");
    await a.fill("#correction-note", "A's note.");
    await a.click("#publish");
    await a.waitForSelector("#conflict[open]");
    expect(await a.textContent("#conflict-theirs")).toContain("Editor B's text.");
    expect(await a.textContent("#conflict-mine")).toContain("Editor A's text.");
    // Nothing was saved while the editor decides.
    expect((await entryOf(articleId, id)).body).toBe("Editor B's text.");
    await a.click("#conflict-overwrite");
    await a.waitForFunction(
      () => document.querySelector("#compose-message")?.textContent === "Correction saved.",
    );
    const final = await entryOf(articleId, id);
    expect(final.body).toBe("Editor A's text.");
    expect(final.version).toBe(3);
    expect(final.corrections?.map((c) => c.note)).toEqual(["A's note."]);
    expect(await a.$("#conflict")).toBeNull();
    await a.close();
    await b.close();
  });

  it("keeps the other editor's version when the editor chooses theirs (a change made through the API)", async () => {
    const articleId = await stack.createArticle();
    const id = await newEntry(articleId, "Original text.");
    const page = await console_(articleId);
    await page.waitForSelector(entryNode(id));
    await clickAction(page, id, "Edit");
    const other = await stack.api(
      "PATCH",
      `/v1/articles/${articleId}/entries/${id}`,
      { title: "Their title", body: "Their text." },
      { "If-Match": '"1"' },
    );
    expect(other.status).toBe(200);
    await page.fill("#entry-body", "My text.");
    await page.click("#publish");
    await page.waitForSelector("#conflict[open]");
    expect(await page.textContent("#conflict-theirs")).toContain("Their title");
    expect(await page.textContent("#conflict-theirs")).toContain("Their text.");
    expect(await page.textContent("#conflict-mine")).toContain("My text.");
    await page.click("#conflict-keep-theirs");
    await page.waitForFunction(() =>
      document.querySelector("#compose-message")?.textContent?.startsWith("Kept the other editor's version"),
    );
    const final = await entryOf(articleId, id);
    expect(final.body).toBe("Their text.");
    expect(final.version).toBe(2);
    await page.close();
  });

  it("asks before retracting an entry another editor changed meanwhile", async () => {
    const articleId = await stack.createArticle();
    const id = await newEntry(articleId, "Original text.");
    const page = await console_(articleId);
    await page.waitForSelector(entryNode(id));
    // Another editor corrects it while this one is answering "Retract this entry?".
    page.once("dialog", async (dialog) => {
      await stack.api(
        "PATCH",
        `/v1/articles/${articleId}/entries/${id}`,
        { body: "Corrected meanwhile." },
        { "If-Match": '"1"' },
      );
      await dialog.accept();
    });
    await clickAction(page, id, "Retract");
    await page.waitForSelector("#conflict[open]");
    expect(await page.textContent("#conflict-theirs")).toContain("Corrected meanwhile.");
    await page.click("#conflict-keep-theirs");
    await page.waitForSelector("#conflict", { state: "detached" });
    expect((await stack.api("GET", `/v1/articles/${articleId}/entries/${id}`)).status).toBe(200);

    // Retracting again, now at the current version, and choosing to retract on a second conflict.
    page.once("dialog", async (dialog) => {
      await stack.api(
        "PATCH",
        `/v1/articles/${articleId}/entries/${id}`,
        { pinned: true },
        { "If-Match": '"2"' },
      );
      await dialog.accept();
    });
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent?.includes("Corrected meanwhile."),
      entryNode(id),
    );
    await clickAction(page, id, "Retract");
    await page.waitForSelector("#conflict[open]");
    await page.click("#conflict-overwrite");
    await waitFor(
      async () => (await stack.api("GET", `/v1/articles/${articleId}/entries/${id}`)).status === 404,
    );
    await page.waitForSelector(entryNode(id), { state: "detached" });
    await page.close();
  });
});
