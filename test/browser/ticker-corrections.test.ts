import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";
import { waitForEntry, waitForState } from "./ticker-page.js";

/** What a reader sees of one entry's correction marks and notes. */
interface Marks {
  corrected: string | null;
  updated: string | null;
  notes: string[];
  noteTimes: string[];
  noteHtml: string;
}

function marksOf(page: Page, entryId: string, selector = "live-ticker"): Promise<Marks> {
  return page.evaluate(
    ([sel, id]) => {
      const entry = document.querySelector(sel!)?.shadowRoot?.querySelector(`.feed [data-entry-id="${id}"]`);
      const list = entry?.querySelector(".corrections");
      return {
        corrected: entry?.querySelector(".meta .corrected")?.textContent ?? null,
        updated: entry?.querySelector(".meta .updated")?.textContent ?? null,
        notes: [...(list?.querySelectorAll("li") ?? [])].map((li) => li.textContent ?? ""),
        noteTimes: [...(list?.querySelectorAll("time") ?? [])].map((t) => t.getAttribute("datetime") ?? ""),
        noteHtml: list?.innerHTML ?? "",
      };
    },
    [selector, entryId],
  );
}

describe("<live-ticker>: labelled corrections", () => {
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

  async function open(articleId: string, attrs = ""): Promise<Page> {
    pages[`/${articleId}`] = embeddingPage(
      stack.url,
      `<live-ticker ${attrs} server="${stack.url}" article="${articleId}"></live-ticker>`,
    );
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
    await page.goto(`${site.url}/${articleId}`);
    return page;
  }

  async function postAndWait(articleId: string, body: string): Promise<string> {
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body });
    await waitFor(
      async () => (await stack.api("GET", `/v1/articles/${articleId}/entries/${res.body.id}`)).status === 200,
    );
    return res.body.id as string;
  }

  it("marks a corrected entry live with the note and its time, a silent fix only as Updated, notes as text", async () => {
    const articleId = await stack.createArticle();
    const fixed = await postAndWait(articleId, "The vote is at 3pm.");
    const silent = await postAndWait(articleId, "Turnuot is high.");
    const page = await open(articleId);
    await waitForState(page, "Live");
    await waitForEntry(page, fixed);
    expect(await marksOf(page, fixed)).toMatchObject({ corrected: null, updated: null, notes: [] });

    const note = "An earlier version misstated the time of the vote. <img src=x onerror=alert(1)>";
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${fixed}`, {
      body: "The vote is at 4pm.",
      correction: note,
    });
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${silent}`, { body: "Turnout is high." });
    await page.waitForFunction(
      (id) =>
        document
          .querySelector("live-ticker")
          ?.shadowRoot?.querySelector(`[data-entry-id="${id}"] .corrections li`),
      fixed,
      { timeout: patient(5_000) },
    );
    const marks = await marksOf(page, fixed);
    const entry = (await stack.api("GET", `/v1/articles/${articleId}/entries/${fixed}`)).body;
    expect(marks.corrected).toBe("Corrected");
    expect(marks.updated).toBeNull();
    expect(marks.notes).toHaveLength(1);
    expect(marks.notes[0]).toContain("Corrected");
    expect(marks.notes[0]).toContain(note);
    expect(marks.noteTimes).toEqual([entry.corrections[0].at]);
    // The note's markup is text: no element came of it.
    expect(marks.noteHtml).not.toContain("<img");
    await waitFor(async () => (await marksOf(page, silent)).updated === "Updated");
    expect(await marksOf(page, silent)).toMatchObject({ corrected: null, notes: [] });
    await page.close();

    // A reader who arrives later sees the same, from the first load.
    const later = await open(articleId, 'lang="de"');
    await waitForEntry(later, fixed);
    const de = await marksOf(later, fixed);
    expect(de.corrected).toBe("Korrigiert");
    expect(de.notes[0]).toContain(note);
    await later.close();
  });

  it("speaks each shipped language", async () => {
    const articleId = await stack.createArticle();
    const id = await postAndWait(articleId, "Text.");
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${id}`, { correction: "Note." });
    await waitFor(
      async () => (await stack.api("GET", `/v1/articles/${articleId}/entries/${id}`)).body.version === 2,
    );
    const expected = { fr: "Corrigé", es: "Corregido", ru: "Исправлено", uk: "Виправлено", ar: "تصحيح" };
    const page = await open(articleId, "");
    await page.setContent(
      Object.keys(expected)
        .map(
          (lang) =>
            `<live-ticker id="t-${lang}" lang="${lang}" server="${stack.url}" article="${articleId}"></live-ticker>`,
        )
        .join("\n") + `<script src="${stack.url}/sdk/herald.js"></script>`,
    );
    for (const [lang, word] of Object.entries(expected)) {
      await waitForEntry(page, id, { selector: `#t-${lang}` });
      expect((await marksOf(page, id, `#t-${lang}`)).corrected).toBe(word);
    }
    await page.close();
  });
});
