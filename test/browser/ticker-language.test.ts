// The reader's language: <live-ticker> takes its labels from a catalogue and its times from
// Intl in the language of its `lang` (else the page's, else English), lays itself out right
// to left for Arabic on a page that sets no `dir`, and lets the site override any text.
// `UPDATE_SCREENSHOTS=1` also writes docs/screenshots/ticker-de.png and ticker-ar.png.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as TickerSdk from "../../client-sdk/ticker/index.js";
import { tickerLabels } from "../../client-sdk/ticker/labels.js";
import { ar } from "../../client-sdk/ticker/messages/ar.js";
import { de } from "../../client-sdk/ticker/messages/de.js";
import { en } from "../../client-sdk/ticker/messages/en.js";
import { es } from "../../client-sdk/ticker/messages/es.js";
import { fr } from "../../client-sdk/ticker/messages/fr.js";
import { ru } from "../../client-sdk/ticker/messages/ru.js";
import { uk } from "../../client-sdk/ticker/messages/uk.js";
import { embeddingPage, launchChromium, startHostSite } from "../helpers/browser.js";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { announcements, shown, waitForCount, waitForEntry, waitForState } from "./ticker-page.js";

/** What `/sdk/herald.js` puts on `window`. */
type HeraldWindow = Window & { Herald: Pick<typeof TickerSdk, "createTicker" | "registerTickerLanguage"> };

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === "1";
const screenshotPath = (name: string) => new URL(`../../docs/screenshots/${name}`, import.meta.url).pathname;

describe("ticker catalogues (in Node, through the ticker's own tickerLabels)", () => {
  const catalogues = { en, de, fr, es, ru, uk, ar };

  it("every catalogue has every text, none empty", () => {
    for (const [lang, messages] of Object.entries(catalogues)) {
      expect(Object.keys(messages).sort(), lang).toEqual(Object.keys(en).sort());
      expect(Object.keys(messages.states).sort(), lang).toEqual(Object.keys(en.states).sort());
      const texts = Object.values({ ...messages, ...messages.states }).filter((v) => typeof v === "string");
      expect(
        texts.every((text) => text.trim().length > 0),
        lang,
      ).toBe(true);
    }
  });

  it("counts with each language's plural forms", () => {
    const count = (lang: string, ...ns: number[]) => ns.map((n) => tickerLabels(lang).newUpdates(n));
    expect(count("en", 1, 2)).toEqual(["1 new update", "2 new updates"]);
    expect(count("de", 1, 4)).toEqual(["1 neuer Beitrag", "4 neue Beiträge"]);
    expect(count("ru", 1, 3, 5, 21)).toEqual([
      "1 новая запись",
      "3 новые записи",
      "5 новых записей",
      "21 новая запись",
    ]);
    expect(count("uk", 1, 2, 11)).toEqual([
      "1 нове повідомлення",
      "2 нові повідомлення",
      "11 нових повідомлень",
    ]);
    expect(count("fr", 1, 2)).toEqual(["1 nouvelle mise à jour", "2 nouvelles mises à jour"]);
    const arabic = count("ar", 1, 2, 3, 11, 100);
    expect(arabic.slice(0, 2)).toEqual(["تحديث جديد واحد", "تحديثان جديدان"]);
    expect(arabic[2]).toMatch(/تحديثات جديدة$/);
    expect(arabic[3]).toMatch(/تحديثًا جديدًا$/);
    expect(arabic[4]).toMatch(/تحديث جديد$/);
  });

  it("takes overrides over the catalogue, both as functions and as catalogue text", () => {
    const labels = tickerLabels("de-AT", {
      keyEvents: "Highlights",
      states: { live: "LIVE" },
      newUpdates: { one: "{count} frische Meldung", other: "{count} frische Meldungen" },
      announce: "Eilmeldung: {text}",
    });
    expect(labels.keyEvents).toBe("Highlights");
    expect(labels.states).toEqual({ ...de.states, live: "LIVE" });
    expect(labels.loadEarlier).toBe(de.loadEarlier);
    expect(labels.newUpdates(1)).toBe("1 frische Meldung");
    expect(labels.announce("Preis $& steigt")).toBe("Eilmeldung: Preis $& steigt");
    expect(tickerLabels("en", { newUpdates: (n) => `${n} more` }).newUpdates(3)).toBe("3 more");
    // A wrong type (from a JSON attribute) is left out, not shown.
    expect(tickerLabels("en", { keyEvents: 3 } as never).keyEvents).toBe(en.keyEvents);
  });
});

describe("<live-ticker> in the reader's language", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({ config: { RESET_ENTRIES: "6" } });
    browser = await launchChromium();
    site = await startHostSite(pages);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.close();
  });

  const post = (articleId: string, body: Record<string, unknown>) =>
    stack.api("POST", `/v1/articles/${articleId}/entries`, body);
  const headOf = async (articleId: string) =>
    (await stack.api("GET", `/v1/articles/${articleId}`)).body.seq as number;

  /** A live blog as a newsroom writes one, in one language. */
  interface Story {
    title: string;
    author: string;
    backdated: string;
    pinned: { title: string; body: string };
    key: { title: string; body: string };
    corrected: { body: string; fixed: string };
    more: string[];
  }

  /**
   * Seven entries (one page is six): one 2¼ minutes old (so it sits on the second page), a
   * pinned one, a key event, one corrected, three more.
   */
  async function seed(story: Story): Promise<string> {
    const articleId = await stack.createArticle(undefined, story.title);
    const author = { name: story.author };
    await post(articleId, {
      body: story.backdated,
      author,
      publishAt: new Date(Date.now() - 135_000).toISOString(),
    });
    await post(articleId, { ...story.pinned, pinned: true, author });
    await post(articleId, { ...story.key, keyEvent: true, author });
    const corrected = await post(articleId, { body: story.corrected.body, author });
    for (const body of story.more) await post(articleId, { body, author });
    await waitFor(async () => (await headOf(articleId)) === 4 + story.more.length);
    await stack.api("PATCH", `/v1/articles/${articleId}/entries/${corrected.body.id as string}`, {
      body: story.corrected.fixed,
    });
    await waitFor(async () => (await headOf(articleId)) === 5 + story.more.length);
    return articleId;
  }

  /** A page of the host site; `html` replaces the `<html lang="en">` embeddingPage writes. */
  async function open(
    path: string,
    tickers: string,
    options: { html?: string; after?: string; height?: number } = {},
  ): Promise<Page> {
    const plain = embeddingPage(stack.url, tickers, { after: options.after });
    expect(plain).toContain('<html lang="en">');
    pages[path] = plain.replace('<html lang="en">', options.html ?? '<html lang="en">');
    const page = await browser.newPage({ viewport: { width: 720, height: options.height ?? 900 } });
    await page.emulateMedia({ reducedMotion: "reduce" }); // no highlight caught in a screenshot
    await page.goto(site.url + path);
    return page;
  }

  /** What a ticker shows around its entries, as a reader (and a screen reader) meets it. */
  function texts(page: Page, selector: string) {
    return page.evaluate((sel) => {
      const shadow = document.querySelector(sel)!.shadowRoot!;
      const root = shadow.querySelector<HTMLElement>(".ticker")!;
      const text = (css: string) => {
        const el = shadow.querySelector<HTMLElement>(css);
        return el && el.offsetParent !== null ? (el.textContent ?? "") : null;
      };
      return {
        lang: root.lang,
        dir: root.dir,
        direction: getComputedStyle(root).direction,
        status: text(".status"),
        keyEvents: text(".keys h3"),
        keyEventsName: shadow.querySelector(".keys")!.getAttribute("aria-label"),
        feedName: shadow.querySelector(".feed")!.getAttribute("aria-label"),
        loadEarlier: text(".more"),
        badges: [...shadow.querySelectorAll(".badge")].map((b) => b.textContent),
        updated: [...shadow.querySelectorAll(".updated")].map((b) => b.textContent),
      };
    }, selector);
  }

  const german: Story = {
    title: "Sturmtief über Norddeutschland – der Liveticker",
    author: "Lena Krüger",
    backdated: "Der Deutsche Wetterdienst hat für die Küste eine Unwetterwarnung ausgegeben.",
    pinned: {
      title: "So folgen Sie dem Liveticker",
      body: "Wir aktualisieren diese Seite laufend. Die wichtigsten Entwicklungen finden Sie oben.",
    },
    key: {
      title: "Bahn stellt Fernverkehr im Norden ein",
      body: "Zwischen Hamburg und Berlin fahren bis auf Weiteres keine Fernzüge.",
    },
    corrected: {
      body: "In Bremen wurden Windböen von bis zu 110 km/h gemessen.",
      fixed: "In Bremen wurden Windböen von bis zu 120 km/h gemessen.",
    },
    more: [
      "Die Feuerwehr meldet zahlreiche umgestürzte Bäume.",
      "Mehrere Fähren zu den Nordseeinseln fallen aus.",
      "Schulen in Hamburg bleiben morgen geschlossen.",
    ],
  };

  it('lang="de": German labels from the catalogue and German times from Intl', async () => {
    const articleId = await seed(german);
    const page = await open(
      "/de",
      `<live-ticker id="de" lang="de" server="${stack.url}" article="${articleId}"></live-ticker>`,
    );
    await waitForState(page, de.states.live, "#de");
    await waitForCount(page, 6, "#de");
    await page.waitForFunction(() => document.querySelector("#de")!.shadowRoot!.querySelector(".updated"));
    const seen = await texts(page, "#de");
    expect(seen).toEqual({
      lang: "de",
      dir: "ltr",
      direction: "ltr",
      status: de.states.live,
      keyEvents: de.keyEvents,
      keyEventsName: de.keyEvents,
      feedName: de.feed,
      loadEarlier: de.loadEarlier,
      badges: [de.pinned, de.keyEvent],
      updated: [de.updated],
    });
    // Literally, not only "whatever the catalogue says".
    expect([seen.keyEvents, seen.loadEarlier, seen.updated[0]]).toEqual([
      "Das Wichtigste",
      "Ältere Beiträge laden",
      "Aktualisiert",
    ]);
    expect((await shown(page, "#de")).map((e) => e.time)).toContain("jetzt");
    if (SCREENSHOTS) await page.locator("#de").screenshot({ path: screenshotPath("ticker-de.png") });

    // The second page brings the entry posted 2¼ minutes ago, timed in German.
    await page.locator("#de").getByRole("button", { name: de.loadEarlier }).click();
    await waitForCount(page, 7, "#de");
    expect((await shown(page, "#de")).at(-1)).toMatchObject({
      text: german.backdated,
      time: "vor 2 Minuten",
    });

    // A new entry is announced in German.
    const res = await post(articleId, {
      title: "Orkanböen auf Sylt",
      body: "Auf Sylt wurden 140 km/h gemessen.",
    });
    await waitForEntry(page, res.body.id as string, { selector: "#de" });
    await waitFor(async () => (await announcements(page, "#de")).length > 0);
    expect(await announcements(page, "#de")).toEqual(["Neuer Beitrag: Orkanböen auf Sylt"]);
    await page.close();
  });

  it('lang="ar" on a page that sets no dir: right to left, Arabic labels and Arabic plurals', async () => {
    const articleId = await seed({
      title: "عاصفة رملية تضرب المنطقة: تغطية مباشرة",
      author: "ليلى حداد",
      backdated: "أصدرت هيئة الأرصاد تحذيرًا من رياح قوية محمّلة بالغبار.",
      pinned: {
        title: "كيف تتابعون التغطية",
        body: "نحدّث هذه الصفحة باستمرار، وتجدون أبرز التطورات في الأعلى.",
      },
      key: {
        title: "تعليق الرحلات في المطار",
        body: "أعلنت سلطات الطيران تعليق جميع الرحلات حتى إشعار آخر.",
      },
      corrected: {
        body: "سجّلت محطات الرصد رياحًا بسرعة 80 كيلومترًا في الساعة.",
        fixed: "سجّلت محطات الرصد رياحًا بسرعة 90 كيلومترًا في الساعة.",
      },
      more: [
        "فرق الدفاع المدني تنتشر في الأحياء المتضررة.",
        "تعليق الدراسة في المدارس يوم غد.",
        "الأرصاد تتوقع تحسّن الأحوال الجوية مساء الغد.",
      ],
    });
    const page = await open(
      "/ar",
      `<live-ticker id="ar" lang="ar" server="${stack.url}" article="${articleId}"></live-ticker>`,
      { html: "<html>", after: '<div style="height: 1500px"></div>', height: 700 },
    );
    await waitForState(page, ar.states.live, "#ar");
    await waitForCount(page, 6, "#ar");
    await page.waitForFunction(() => document.querySelector("#ar")!.shadowRoot!.querySelector(".updated"));
    expect(await page.evaluate(() => [document.dir, getComputedStyle(document.body).direction])).toEqual([
      "",
      "ltr",
    ]);
    expect(await texts(page, "#ar")).toEqual({
      lang: "ar",
      dir: "rtl",
      direction: "rtl",
      status: ar.states.live,
      keyEvents: "أبرز الأحداث",
      keyEventsName: ar.keyEvents,
      feedName: ar.feed,
      loadEarlier: ar.loadEarlier,
      badges: [ar.pinned, ar.keyEvent],
      updated: [ar.updated],
    });

    // Mirrored: the key event's bar and its badge on the right, the time to their left, the
    // title at the right end of the header and the state at its left.
    const layout = await page.evaluate(() => {
      const shadow = document.querySelector("#ar")!.shadowRoot!;
      const box = (el: Element) => el.getBoundingClientRect();
      const key = shadow.querySelector(".entry.key")!;
      const style = getComputedStyle(key);
      return {
        borderRight: style.borderRightWidth,
        borderLeft: style.borderLeftWidth,
        entry: box(key).toJSON() as DOMRect,
        badge: box(key.querySelector(".badge")!).toJSON() as DOMRect,
        time: box(key.querySelector(".time")!).toJSON() as DOMRect,
        title: box(shadow.querySelector(".title")!).toJSON() as DOMRect,
        status: box(shadow.querySelector(".status")!).toJSON() as DOMRect,
        item: box(shadow.querySelector(".keys li")!).toJSON() as DOMRect,
        list: box(shadow.querySelector(".keys ul")!).toJSON() as DOMRect,
      };
    });
    expect([layout.borderRight, layout.borderLeft]).toEqual(["4px", "1px"]);
    expect(layout.entry.right - layout.badge.right).toBeLessThan(24); // the padding and the bar
    expect(layout.badge.left - layout.entry.left).toBeGreaterThan(layout.entry.width / 2);
    expect(layout.time.right).toBeLessThanOrEqual(layout.badge.left);
    expect(layout.title.right).toBeGreaterThan(layout.status.right);
    expect(layout.status.left).toBeLessThan(layout.title.left);
    expect(layout.list.right - layout.item.right).toBeGreaterThan(layout.item.left - layout.list.left); // indent on the right
    if (SCREENSHOTS) await page.locator("#ar").screenshot({ path: screenshotPath("ticker-ar.png") });

    // Scrolled into the feed, new entries wait behind the button, counted in Arabic.
    await page.evaluate(() => {
      const feed = document.querySelector("#ar")!.shadowRoot!.querySelector(".feed")!;
      window.scrollTo(0, feed.getBoundingClientRect().top + window.scrollY + 80);
    });
    await post(articleId, { body: "انقطاع الكهرباء عن عدة أحياء." });
    await post(articleId, { body: "عودة الرحلات تدريجيًا اعتبارًا من المساء." });
    await page.locator("#ar").getByRole("button", { name: "تحديثان جديدان" }).waitFor();
    await post(articleId, { body: "فتح الطرق الرئيسية أمام حركة السير." });
    const three = await page.evaluate(() => new Intl.NumberFormat("ar").format(3));
    await page
      .locator("#ar")
      .getByRole("button", { name: `${three} تحديثات جديدة` })
      .waitFor();
    await page.close();
  });

  it("<html lang> when the element has none; English for an unknown tag; base catalogues for regions; dir wins", async () => {
    const articleId = await seed(german);
    const ticker = (id: string, attrs = "") =>
      `<live-ticker id="${id}" ${attrs} server="${stack.url}" article="${articleId}"></live-ticker>`;
    const page = await open(
      "/regions",
      [
        ticker("fr"),
        ticker("xx", 'lang="xx"'),
        ticker("at", 'lang="de-AT"'),
        ticker("pt", 'lang="pt-BR"'),
        ticker("ltr", 'lang="ar" dir="ltr"'),
      ].join("\n"),
      { html: '<html lang="fr">' },
    );
    await waitForState(page, fr.states.live, "#fr");
    expect(await texts(page, "#fr")).toMatchObject({
      lang: "fr",
      status: "En direct",
      keyEvents: fr.keyEvents,
      loadEarlier: fr.loadEarlier,
      badges: [fr.pinned, fr.keyEvent],
    });
    await waitForState(page, en.states.live, "#xx");
    expect(await texts(page, "#xx")).toMatchObject({ lang: "en", keyEvents: "Key events", dir: "ltr" });
    await waitForState(page, de.states.live, "#at");
    expect(await texts(page, "#at")).toMatchObject({ lang: "de-AT", keyEvents: de.keyEvents });
    // No Portuguese catalogue: English labels, but times still through Intl in pt-BR.
    await waitForState(page, en.states.live, "#pt");
    expect(await texts(page, "#pt")).toMatchObject({ lang: "pt-BR", keyEvents: en.keyEvents });
    await waitForCount(page, 6, "#pt");
    expect((await shown(page, "#pt")).map((e) => e.time)).toContain("agora");
    expect((await shown(page, "#fr")).map((e) => e.time)).toContain("maintenant");
    // An explicit dir on the element wins over the language's.
    await waitForState(page, ar.states.live, "#ltr");
    expect(await texts(page, "#ltr")).toMatchObject({
      dir: "ltr",
      direction: "ltr",
      keyEvents: ar.keyEvents,
    });
    await page.close();
  });

  it("site overrides: labels attribute and property, registerTickerLanguage, createTicker's lang", async () => {
    const articleId = await seed(german);
    const ticker = (id: string, attrs = "") =>
      `<live-ticker id="${id}" ${attrs} server="${stack.url}" article="${articleId}"></live-ticker>`;
    const page = await open(
      "/overrides",
      [
        ticker("attr", `labels='{"keyEvents":"Highlights","states":{"live":"Jetzt live"}}'`),
        ticker("prop"),
        // Set before the script defines the element, as a framework rendering first would.
        `<script>document.getElementById("prop").labels = { loadEarlier: "Mehr anzeigen", announce: (t) => "Eilmeldung: " + t };</script>`,
        ticker("pl", 'lang="pl"'),
        '<div id="made" lang="en"></div>',
      ].join("\n"),
      { html: '<html lang="de">' },
    );
    await waitForState(page, "Jetzt live", "#attr");
    expect(await texts(page, "#attr")).toMatchObject({
      keyEvents: "Highlights",
      loadEarlier: de.loadEarlier,
    });
    await waitForState(page, de.states.live, "#prop");
    expect(await texts(page, "#prop")).toMatchObject({
      keyEvents: de.keyEvents,
      loadEarlier: "Mehr anzeigen",
    });

    // No Polish catalogue yet: English, until the site registers one on the running page.
    await waitForState(page, en.states.live, "#pl");
    expect(await texts(page, "#pl")).toMatchObject({ lang: "pl", keyEvents: en.keyEvents });
    await page.evaluate(() => {
      const herald = (window as unknown as HeraldWindow).Herald;
      herald.registerTickerLanguage("pl", {
        states: { live: "Na żywo" },
        keyEvents: "Najważniejsze",
        pinned: "Przypięte",
        loadEarlier: "Wczytaj wcześniejsze wpisy",
      });
    });
    await waitForState(page, "Na żywo", "#pl");
    expect(await texts(page, "#pl")).toMatchObject({
      keyEvents: "Najważniejsze",
      loadEarlier: "Wczytaj wcześniejsze wpisy",
      badges: ["Przypięte", en.keyEvent], // a text left out comes from English
    });

    // createTicker's `lang` option wins over its container's lang; labels go over it.
    await page.evaluate(
      ([server, article]) => {
        const herald = (window as unknown as HeraldWindow).Herald;
        herald.createTicker(document.querySelector<HTMLElement>("#made")!, {
          server: server!,
          article: article!,
          lang: "es",
          labels: { keyEvents: "Lo esencial" },
        });
      },
      [stack.url, articleId],
    );
    await waitForState(page, es.states.live, "#made");
    expect(await texts(page, "#made")).toMatchObject({
      lang: "es",
      keyEvents: "Lo esencial",
      loadEarlier: es.loadEarlier,
    });

    // The property's announce (a function, as TickerLabels has always taken) and the catalogue's.
    const res = await post(articleId, {
      title: "Sturmflut erwartet",
      body: "Am Abend wird Hochwasser erwartet.",
    });
    await waitForEntry(page, res.body.id as string, { selector: "#prop" });
    await waitFor(async () => (await announcements(page, "#prop")).length > 0);
    expect(await announcements(page, "#prop")).toEqual(["Eilmeldung: Sturmflut erwartet"]);
    await waitFor(async () => (await announcements(page, "#attr")).length > 0);
    expect(await announcements(page, "#attr")).toEqual(["Neuer Beitrag: Sturmflut erwartet"]);
    await page.close();
  });
});
