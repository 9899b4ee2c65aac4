// The React binding as a site's app uses it: bundled with esbuild from a small app, mounted in
// <StrictMode> (React's development build, which runs every effect twice), on a page served
// from another origin, against a real Herald.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser, Page, WebSocket } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readMetric } from "../../bench/herald-metrics.js";
import { launchChromium, startHostSite } from "../helpers/browser.js";
import { patient } from "../helpers/patience.js";
import { startReader } from "../helpers/reader.js";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { shown, waitForCount, waitForEntry, waitForState } from "./ticker-page.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The app: a live blog of its own on `useLiveArticle` (state, title, entries) beside
 * `<LiveTicker>`, both following one article, with buttons to follow another and to leave
 * the page. `data-client="own"` makes both use a HeraldClient the app owns and closes.
 */
const APP = `
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { HeraldClient } from "./client-sdk/index.ts";
import { LiveTicker, useLiveArticle } from "./client-sdk/react/index.ts";

const root = document.getElementById("root")!;
const url = root.dataset.url!;
const [first, second] = root.dataset.articles!.split(",");
const own = root.dataset.client === "own" ? new HeraldClient({ url }) : undefined;
const target = own ? { client: own } : { url };
const seen = ((window as any).updatesSeen = [] as string[]);
(window as any).effects = 0;

function LiveBlog({ id }: { id: string }) {
  const { entries, state, article } = useLiveArticle(id, {
    ...target,
    onUpdate: (update) => seen.push(update.articleId + ":" + update.seq),
  });
  return (
    <section id="blog" data-state={state} data-article={id}>
      <h2>{article?.title}</h2>
      <ol>
        {entries.map((e) => (
          <li key={e.id} data-id={e.id} data-updated={e.updatedAt ? "yes" : "no"}
              dangerouslySetInnerHTML={{ __html: e.html }} />
        ))}
      </ol>
    </section>
  );
}

function App() {
  const [article, setArticle] = useState(first);
  const [open, setOpen] = useState(true);
  useEffect(() => {
    (window as any).effects++;
  }, []);
  return (
    <>
      <button id="follow-second" onClick={() => setArticle(second)}>Election</button>
      <button id="leave" onClick={() => setOpen(false)}>Leave</button>
      <button id="close-client" onClick={() => own?.close()}>Close</button>
      {open ? (
        <main>
          <LiveBlog id={article} />
          <LiveTicker id="ticker" article={article} url={url} client={own} labels={{ empty: "Nothing yet" }} />
        </main>
      ) : (
        <p id="left">Left</p>
      )}
    </>
  );
}

createRoot(root).render(<StrictMode><App /></StrictMode>);
`;

/** The app bundled as a site would: React's development build, so StrictMode doubles effects. */
async function bundleApp(): Promise<string> {
  const result = await build({
    stdin: { contents: APP, resolveDir: REPO, loader: "tsx", sourcefile: "react-app.tsx" },
    bundle: true,
    write: false,
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"development"' },
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  // It goes inline into the page: nothing in it may end the script element early.
  expect(code).not.toMatch(/<\/script/i);
  return code;
}

interface BlogEntry {
  id: string;
  text: string;
  updated: boolean;
}

/** What the hook's live blog shows, top to bottom. */
function blog(page: Page): Promise<BlogEntry[]> {
  return page.$$eval("#blog li", (items) =>
    items.map((li) => ({
      id: (li as HTMLElement).dataset.id ?? "",
      text: li.textContent ?? "",
      updated: (li as HTMLElement).dataset.updated === "yes",
    })),
  );
}

function waitForBlog(page: Page, check: string, arg: unknown, timeout = 5_000) {
  return page.waitForFunction(check, arg, { timeout: patient(timeout) });
}

/** The number of tickers in the container's shadow root: one, whatever StrictMode did. */
function tickerViews(page: Page): Promise<number> {
  return page.evaluate(
    () => document.querySelector("#ticker")?.shadowRoot?.querySelectorAll(".feed").length ?? 0,
  );
}

describe("the React binding in Chromium, under StrictMode", () => {
  let stack: Stack;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  let app: string;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    [stack, browser, site, app] = await Promise.all([
      startStack(),
      launchChromium(),
      startHostSite(pages),
      bundleApp(),
    ]);
  });
  // A test that failed half-way must not leave its page's socket to the next one's counts.
  const open: Page[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.close();
  });

  const post = async (articleId: string, body: string): Promise<string> => {
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const metric = (name: string) => readMetric(stack.url, name);

  async function openApp(path: string, articles: string[], client: "shared" | "own") {
    pages[path] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A news app</title></head>
<body><div id="root" data-url="${stack.url}" data-articles="${articles.join(",")}" data-client="${client}"></div>
<script type="module">${app}</script></body></html>`;
    const page = await browser.newPage();
    open.push(page);
    const sockets: WebSocket[] = [];
    const problems: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws));
    page.on("pageerror", (err) => problems.push(err.message));
    page.on("console", (m) => {
      // Failed loads are told with their address below.
      if (m.text().startsWith("Failed to load resource")) return;
      if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
    });
    page.on("response", (r) => {
      // The host site has no favicon; everything else the app asks for must be there.
      if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(site.url + path);
    return { page, sockets, problems };
  }

  it("shows each entry once in the hook and the ticker, on one socket, and lets go on unmount", async () => {
    const talks = await stack.createArticle("react-talks", "Peace talks");
    const election = await stack.createArticle("react-election", "Election night");
    const before = await post(talks, "Before the page");
    await waitFor(async () => (await stack.api("GET", `/v1/articles/${talks}`)).body.seq === 1);

    const { page, sockets, problems } = await openApp("/shared", [talks, election], "shared");
    await waitForBlog(page, `document.querySelector("#blog")?.dataset.state === "live"`, null, 10_000);
    await waitForState(page, "Live", "#ticker");
    // StrictMode did run the effects twice (else this test would prove nothing)...
    expect(await page.evaluate(() => (window as unknown as { effects: number }).effects)).toBe(2);
    // ...and left one ticker, one socket for the hook and the ticker together, one subscription.
    expect(await tickerViews(page)).toBe(1);
    expect(sockets).toHaveLength(1);
    expect(await metric("herald_sockets_connected")).toBe(1);
    expect(await metric("herald_subscriptions")).toBe(1);
    expect(await page.locator("#blog h2").textContent()).toBe("Peace talks");
    expect(await blog(page)).toEqual([{ id: before, text: "Before the page", updated: false }]);

    const first = await post(talks, "First live");
    const second = await post(talks, "Second live");
    const third = await post(talks, "Third live");
    await waitForBlog(page, `document.querySelectorAll("#blog li").length === 4`, null);
    await waitForCount(page, 4, "#ticker");
    const order = [third, second, first, before];
    expect((await blog(page)).map((e) => e.id)).toEqual(order);
    expect((await shown(page, "#ticker")).map((e) => e.id)).toEqual(order);

    // A correction: in place, once, marked in both.
    await stack.api("PATCH", `/v1/articles/${talks}/entries/${second}`, { body: "Second, corrected" });
    await waitForBlog(
      page,
      `document.querySelector('#blog li[data-id="${second}"]')?.textContent === "Second, corrected"`,
      null,
    );
    await page.waitForFunction(
      (id) =>
        document
          .querySelector("#ticker")
          ?.shadowRoot?.querySelector(`[data-entry-id="${id}"] .body`)
          ?.textContent?.includes("corrected"),
      second,
      { timeout: patient(5_000) },
    );
    expect(await blog(page)).toEqual([
      { id: third, text: "Third live", updated: false },
      { id: second, text: "Second, corrected", updated: true },
      { id: first, text: "First live", updated: false },
      { id: before, text: "Before the page", updated: false },
    ]);
    const inTicker = await shown(page, "#ticker");
    expect(inTicker.map((e) => e.id)).toEqual(order);
    expect(inTicker.filter((e) => e.updated).map((e) => e.text)).toEqual(["Second, corrected"]);

    // A retraction: gone from both, nothing else moves.
    await stack.api("DELETE", `/v1/articles/${talks}/entries/${third}`);
    await waitForBlog(page, `!document.querySelector('#blog li[data-id="${third}"]')`, null);
    await waitForEntry(page, third, { present: false, selector: "#ticker" });
    expect((await blog(page)).map((e) => e.id)).toEqual([second, first, before]);
    expect((await shown(page, "#ticker")).map((e) => e.id)).toEqual([second, first, before]);
    expect(await tickerViews(page)).toBe(1);

    // Another article: both follow it on the same socket, and leave the first.
    await page.click("#follow-second");
    await waitForBlog(
      page,
      `(b => b?.dataset.article === ${JSON.stringify(election)} && b.dataset.state === "live")(document.querySelector("#blog"))`,
      null,
      10_000,
    );
    await page.waitForFunction(
      () =>
        document.querySelector("#ticker")?.shadowRoot?.querySelector(".title")?.textContent ===
        "Election night",
      null,
      { timeout: patient(10_000) },
    );
    await waitForState(page, "Live", "#ticker");
    expect(await blog(page)).toEqual([]);
    const polls = await post(election, "Polls close");
    await waitForBlog(
      page,
      `document.querySelector("#blog li")?.dataset.id === ${JSON.stringify(polls)}`,
      null,
    );
    await waitForEntry(page, polls, { selector: "#ticker" });
    expect((await shown(page, "#ticker")).map((e) => e.text)).toEqual(["Polls close"]);
    expect(await tickerViews(page)).toBe(1);
    expect(sockets).toHaveLength(1);
    await waitFor(async () => (await metric("herald_subscriptions")) === 1, 5_000, "one subscription");
    await post(talks, "Not for this page any more");

    // Leaving the page: the subscription stops and the shared socket closes.
    const reader = startReader(stack.url, election);
    await waitFor(() => reader.states.includes("live"), 10_000, "the Node reader");
    await page.click("#leave");
    await page.waitForSelector("#left", { timeout: patient(5_000) });
    await waitFor(() => sockets[0]!.isClosed(), 5_000, "the app's socket to close");
    await waitFor(
      async () => (await metric("herald_sockets_connected")) === 1,
      5_000,
      "only the reader's socket",
    );
    const seenBefore = await page.evaluate(
      () => (window as unknown as { updatesSeen: string[] }).updatesSeen,
    );
    await post(election, "After the reader left");
    await waitFor(() => reader.updates.length === 1, 10_000, "the Node reader to get the entry");
    reader.close();
    expect(await page.evaluate(() => (window as unknown as { updatesSeen: string[] }).updatesSeen)).toEqual(
      seenBefore,
    );
    // Each update the hook heard, once; none of the first article after it was left.
    expect(seenBefore).toEqual([
      `${talks}:2`,
      `${talks}:3`,
      `${talks}:4`,
      `${talks}:5`,
      `${talks}:6`,
      `${election}:1`,
    ]);
    expect(sockets).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it("uses a client the app owns without opening another socket or closing it", async () => {
    const articleId = await stack.createArticle("react-own", "Own client");
    const { page, sockets, problems } = await openApp("/own", [articleId, articleId], "own");
    await waitForBlog(page, `document.querySelector("#blog")?.dataset.state === "live"`, null, 10_000);
    await waitForState(page, "Live", "#ticker");
    const id = await post(articleId, "On the app's client");
    await waitForBlog(page, `document.querySelector("#blog li")?.dataset.id === ${JSON.stringify(id)}`, null);
    await waitForEntry(page, id, { selector: "#ticker" });
    expect(sockets).toHaveLength(1);
    expect(await tickerViews(page)).toBe(1);

    // Unmounted, the hook and the ticker leave the article; the app's client stays connected.
    await page.click("#leave");
    await page.waitForSelector("#left", { timeout: patient(5_000) });
    await waitFor(async () => (await metric("herald_subscriptions")) === 0, 5_000, "no subscription");
    expect(sockets[0]!.isClosed()).toBe(false);
    expect(await metric("herald_sockets_connected")).toBe(1);
    // Until the app closes it.
    await page.click("#close-client");
    await waitFor(() => sockets[0]!.isClosed(), 5_000, "the app's socket to close");
    expect(sockets).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});
