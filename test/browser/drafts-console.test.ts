import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../helpers/stack.js";
import { launchChromium } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";

const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent?.trim() ?? ""));

describe("contributors and approval in the console, in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let contributorToken: string;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    contributorToken = (
      await stack.tokens.create({ name: "Stringer", articles: ["console-drafts"], role: "contributor" })
    ).token;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function signedIn(token: string, articleId: string, answer?: string): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(patient(10_000));
    page.on("dialog", (d) => void (answer === undefined ? d.accept() : d.accept(answer)));
    await page.goto(`${stack.url}/editor`);
    await page.fill("#token", token);
    await page.click("#signin-form button");
    await page.waitForSelector("#workspace:not([hidden])");
    await page.fill("#article-id", articleId);
    await page.click("#open");
    await page.waitForFunction(() => document.querySelector("#connection")?.textContent === "Live");
    return page;
  }

  it(
    "a contributor submits for review; an editor edits and publishes one draft and rejects another",
    async () => {
      await stack.createArticle("console-drafts", "Drafts desk");
      const contributor = await signedIn(contributorToken, "console-drafts");
      expect(await contributor.textContent("#publish")).toBe("Submit for review");
      expect(await contributor.isVisible("#pinned")).toBe(false);
      expect(await contributor.isVisible("#save-article")).toBe(false);

      await contributor.fill("#author", "Olena K.");
      await contributor.fill("#entry-body", "Sirens across the city centre");
      await contributor.click("#publish");
      await contributor.waitForFunction(
        () => document.querySelector("#compose-message")?.textContent === "Submitted for review.",
      );
      expect(await contributor.inputValue("#entry-body")).toBe("");
      await contributor.waitForSelector("#drafts .draft:has-text('Sirens across')");
      // Its own draft: it may edit, not publish or reject.
      expect(await texts(contributor, "#drafts .draft button")).toEqual(["Edit"]);
      await contributor.fill("#entry-body", "Power cut in the east");
      await contributor.click("#publish");
      await contributor.waitForFunction(() => document.querySelectorAll("#drafts .draft").length === 2);
      expect(await contributor.textContent("#entries")).toBe("No entries yet.");

      const editor = await signedIn(stack.token, "console-drafts", "Not confirmed");
      expect(await editor.textContent("#publish")).toBe("Publish");
      await editor.waitForFunction(() => document.querySelectorAll("#drafts .draft").length === 2);
      const firstId = await editor
        .locator("#drafts .draft", { hasText: "Sirens across" })
        .getAttribute("data-draft-id");
      const first = editor.locator(`#drafts .draft[data-draft-id="${firstId}"]`);
      expect(await first.locator(".meta").textContent()).toContain("Olena K. · submitted by Stringer");
      await first.locator("button", { hasText: "Edit" }).click();
      await first.locator("textarea.draft-body").fill("Sirens across the city centre; all clear at 14:10");
      await first.locator("button", { hasText: "Save draft" }).click();
      await editor.waitForSelector("#drafts .draft:has-text('all clear at 14:10')");
      await editor.click("#drafts .draft:has-text('all clear') button:has-text('Publish')");
      await editor.waitForFunction(() => document.querySelectorAll("#entries .entry").length === 1);
      expect(await texts(editor, "#entries .entry .body")).toEqual([
        "Sirens across the city centre; all clear at 14:10",
      ]);
      expect(await editor.textContent("#entries .entry")).toContain("Olena K.");
      // Readers (here the contributor's own reader view) get the published entry, never the other draft.
      await contributor.waitForFunction(() => document.querySelectorAll("#entries .entry").length === 1);
      expect(await contributor.textContent("#entries")).not.toContain("Power cut");

      await editor.click("#drafts .draft:has-text('Power cut') button:has-text('Reject')");
      await editor.waitForFunction(
        () => document.querySelector("#drafts")?.textContent === "No drafts waiting.",
      );
      await contributor.waitForFunction(
        () => document.querySelector("#drafts")?.textContent === "No drafts waiting.",
        undefined,
        { timeout: patient(15_000) },
      );
      const audit = await stack.api("GET", "/v1/articles/console-drafts/audit");
      expect(audit.body.records.map((r: { action: string }) => r.action)).toEqual([
        "draft.reject",
        "draft.publish",
        "draft.update",
        "draft.create",
        "draft.create",
        "article.put",
      ]);
      expect(audit.body.records[0].reason).toBe("Not confirmed");
      await contributor.close();
      await editor.close();
    },
    patient(60_000),
  );
});
