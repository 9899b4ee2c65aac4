import { request } from "node:http";
import { createRequire } from "node:module";
import { DomUtils, parseDocument, parseFeed } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../protocol/index.js";
import { ENTRY_TAGS } from "./helpers/allowed-html.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";

/**
 * The Atom and RSS 2.0 feeds of an article (docs/api.md#feeds), read as a feed reader would:
 * parsed by a strict XML parser (sax: any malformed byte throws) into a tree whose elements
 * carry their namespace, and by htmlparser2's feed reader for the structure readers rely on.
 */

const ATOM = "http://www.w3.org/2005/Atom";
const CONTENT = "http://purl.org/rss/1.0/modules/content/";
const DC = "http://purl.org/dc/elements/1.1/";

interface XmlElement {
  uri: string;
  local: string;
  attrs: Record<string, string>;
  /** The element's own text and CDATA, in order (not its children's). */
  text: string;
  children: XmlElement[];
}

interface SaxTag {
  uri: string;
  local: string;
  attributes: Record<string, { value: string }>;
}
interface SaxParser {
  onerror: (error: Error) => void;
  onopentag: (tag: SaxTag) => void;
  onclosetag: () => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  write(xml: string): SaxParser;
  close(): SaxParser;
}
// sax ships no types; it is what xml-js (the feed library's writer) depends on.
const sax = createRequire(import.meta.url)("sax") as {
  parser(strict: boolean, options: { xmlns: boolean }): SaxParser;
};

/** The document's root, or a throw at the first thing XML 1.0 (with namespaces) forbids. */
function parseStrictXml(xml: string): XmlElement {
  const parser = sax.parser(true, { xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.onerror = (error) => {
    throw error;
  };
  parser.onopentag = (tag) => {
    const element: XmlElement = {
      uri: tag.uri,
      local: tag.local,
      attrs: Object.fromEntries(Object.entries(tag.attributes).map(([name, a]) => [name, a.value])),
      text: "",
      children: [],
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = parser.oncdata = (text) => {
    const open = stack.at(-1);
    if (open) open.text += text;
  };
  parser.write(xml).close();
  if (!root) throw new Error("no root element");
  return root;
}

const kids = (el: XmlElement, local: string, uri: string) =>
  el.children.filter((c) => c.local === local && c.uri === uri);
function kid(el: XmlElement, local: string, uri: string): XmlElement {
  const found = kids(el, local, uri);
  expect(found, `<${local}> in <${el.local}>`).toHaveLength(1);
  return found[0]!;
}
const textOf = (el: XmlElement, local: string, uri: string) => kid(el, local, uri).text.trim();

/** GET with a Host header of our choosing (fetch() will not send one), as a forging client would. */
function getWithHost(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** What a browser shows for an HTML fragment: its text, entities decoded. */
const shownText = (html: string) => DomUtils.textContent(parseDocument(html));

describe("Atom and RSS feeds of an article's entries", () => {
  let stack: Stack;
  let articleId: string;
  const ids = { titled: "", untitled: "", retracted: "", markup: "" };
  // Markup after a second `]]>`: a writer that escaped only the first would end its CDATA there.
  const HOSTILE_TITLE = `]]> first ]]></title><script>alert(1)</script> & <b>bold</b>`;
  const HOSTILE_BODY =
    "Raw <script>alert(1)</script> then ]]> and ]]> again <img src=x onerror=alert(1)> [x](javascript:alert(1))";

  const get = (path: string, headers: Record<string, string> = {}) => fetch(stack.url + path, { headers });
  const feedPath = (format: "atom" | "rss", id = articleId) => `/v1/articles/${id}/feed.${format}`;

  /** Runs an editor call that answers 202 and waits until the worker has applied it. */
  async function applied(id: string, method: string, path: string, body?: unknown): Promise<{ id: string }> {
    const before = ((await stack.api("GET", `/v1/articles/${id}`)).body as { seq: number }).seq;
    const res = await stack.api(method, path, body);
    expect(res.status, `${method} ${path}`).toBe(202);
    await waitFor(
      async () => ((await stack.api("GET", `/v1/articles/${id}`)).body as { seq: number }).seq > before,
      10_000,
      `${method} ${path} to be applied`,
    );
    return res.body as { id: string };
  }
  const post = async (body: Record<string, unknown>, id = articleId) =>
    (await applied(id, "POST", `/v1/articles/${id}/entries`, body)).id;

  /** The live entries as the JSON API lists them, newest first: what the feeds must show. */
  async function listed(): Promise<Entry[]> {
    return (
      (await stack.api("GET", `/v1/articles/${articleId}/entries?limit=100`)).body as { entries: Entry[] }
    ).entries;
  }

  async function atom(): Promise<{ xml: string; feed: XmlElement; entries: XmlElement[] }> {
    const res = await get(feedPath("atom"));
    expect(res.status).toBe(200);
    const xml = await res.text();
    const feed = parseStrictXml(xml);
    return { xml, feed, entries: kids(feed, "entry", ATOM) };
  }
  /** The Herald entry id at the end of an Atom entry's (or RSS item's) stable id. */
  const entryIdOf = (tagUri: string) => /\/entries\/([^/]+)$/.exec(tagUri)?.[1];

  let idsBeforeCorrection: Map<string, string>;

  beforeAll(async () => {
    stack = await startStack({ config: { RATE_LIMITS: "off" } });
    articleId = await stack.createArticle(undefined, "Peace talks: live & <unfiltered>");
    ids.titled = await post({
      title: "Ceasefire agreed",
      body: "Both sides **signed** at dawn.",
      keyEvent: true,
      author: { name: "Desk" },
    });
    ids.untitled = await post({ body: "Talks resume at noon in Geneva, a spokesperson said this morning." });
    ids.retracted = await post({ body: "A rumour that will be retracted" });
    ids.markup = await post({ title: HOSTILE_TITLE, body: HOSTILE_BODY });
    idsBeforeCorrection = new Map(
      (await atom()).entries.map((e) => [entryIdOf(textOf(e, "id", ATOM))!, textOf(e, "id", ATOM)]),
    );
    await applied(articleId, "PATCH", `/v1/articles/${articleId}/entries/${ids.untitled}`, {
      body: "Talks resume at 13:00 in Geneva (corrected).",
    });
    await applied(articleId, "DELETE", `/v1/articles/${articleId}/entries/${ids.retracted}`);
  });
  afterAll(() => stack?.close());

  it("serves valid Atom: the required elements, newest first, corrections updated in place, retractions gone", async () => {
    const { xml, feed, entries } = await atom();
    const json = await listed();
    expect(feed.local).toBe("feed");
    expect(feed.uri).toBe(ATOM);
    // RFC 4287 §4.1.1: id, title and updated, each once; links to the page and to itself.
    expect(textOf(feed, "id", ATOM)).toMatch(/^tag:127\.0\.0\.1,\d{4}-\d\d-\d\d:/);
    expect(textOf(feed, "title", ATOM)).toBe("Peace talks: live & <unfiltered>");
    const links = kids(feed, "link", ATOM).map((l) => l.attrs);
    expect(links).toContainEqual({ rel: "self", href: `${stack.url}${feedPath("atom")}` });
    expect(links).toContainEqual({
      rel: "alternate",
      href: `${stack.url}/v1/articles/${articleId}/embed.html`,
    });
    // The newest change is the correction, which came after the last new entry.
    const corrected = json.find((e) => e.id === ids.untitled)!;
    expect(corrected.updatedAt).toBeDefined();
    expect(textOf(feed, "updated", ATOM)).toBe(corrected.updatedAt);
    // An author for every entry: at the feed's level (entries without their own take it).
    expect(textOf(kid(feed, "author", ATOM), "name", ATOM)).toBe("127.0.0.1");

    expect(entries.map((e) => entryIdOf(textOf(e, "id", ATOM)))).toEqual([
      ids.markup,
      ids.untitled,
      ids.titled,
    ]);
    expect(json.map((e) => e.id)).toEqual([ids.markup, ids.untitled, ids.titled]);
    for (const entry of entries) {
      const id = textOf(entry, "id", ATOM);
      expect(id, "an entry's id never changes").toBe(idsBeforeCorrection.get(entryIdOf(id)!));
      expect(kid(entry, "title", ATOM).attrs.type).toBe("html");
      expect(Date.parse(textOf(entry, "updated", ATOM))).not.toBeNaN();
      const listedEntry = json.find((e) => e.id === entryIdOf(id))!;
      expect(textOf(entry, "published", ATOM)).toBe(listedEntry.publishedAt);
      expect(textOf(entry, "updated", ATOM)).toBe(listedEntry.updatedAt ?? listedEntry.publishedAt);
      expect(kid(entry, "link", ATOM).attrs.href).toBe(
        `${stack.url}/v1/articles/${articleId}/embed.html#entry-${listedEntry.id}`,
      );
      expect(kid(entry, "content", ATOM).text).toBe(listedEntry.html);
    }
    const [, untitled, titled] = entries as [XmlElement, XmlElement, XmlElement];
    expect(textOf(untitled, "updated", ATOM)).not.toBe(textOf(untitled, "published", ATOM));
    expect(shownText(kid(untitled, "content", ATOM).text)).toBe(
      "Talks resume at 13:00 in Geneva (corrected).",
    );
    expect(shownText(textOf(untitled, "title", ATOM))).toBe("Talks resume at 13:00 in Geneva (corrected).");
    expect(shownText(textOf(titled, "title", ATOM))).toBe("Ceasefire agreed");
    expect(textOf(kid(titled, "author", ATOM), "name", ATOM)).toBe("Desk");
    expect(kids(titled, "category", ATOM).map((c) => c.attrs.term)).toEqual(["key-event"]);
    expect(xml).not.toContain("rumour");
    expect(xml).not.toContain("noon");

    const parsed = parseFeed(xml, { xmlMode: true });
    expect(parsed?.type).toBe("atom");
    expect(parsed?.title).toBe("Peace talks: live & <unfiltered>");
    expect(parsed?.link).toBe(`${stack.url}/v1/articles/${articleId}/embed.html`);
    expect(parsed?.items.map((i) => entryIdOf(i.id ?? ""))).toEqual([ids.markup, ids.untitled, ids.titled]);
  });

  it("serves valid RSS 2.0 with the same items, ids and times", async () => {
    const res = await get(feedPath("rss"));
    expect(res.status).toBe(200);
    const xml = await res.text();
    const rss = parseStrictXml(xml);
    expect(rss.local).toBe("rss");
    expect(rss.attrs.version).toBe("2.0");
    const channel = kid(rss, "channel", "");
    expect(textOf(channel, "title", "")).toBe("Peace talks: live & <unfiltered>");
    expect(textOf(channel, "link", "")).toBe(`${stack.url}/v1/articles/${articleId}/embed.html`);
    expect(textOf(channel, "description", "")).not.toBe("");
    expect(kid(channel, "link", ATOM).attrs).toMatchObject({
      rel: "self",
      href: `${stack.url}${feedPath("rss")}`,
    });
    const json = await listed();
    const items = kids(channel, "item", "");
    expect(items.map((i) => entryIdOf(textOf(i, "guid", "")))).toEqual([
      ids.markup,
      ids.untitled,
      ids.titled,
    ]);
    for (const [i, item] of items.entries()) {
      const listedEntry = json[i]!;
      const guid = kid(item, "guid", "");
      expect(guid.attrs.isPermaLink).toBe("false");
      expect(guid.text).toBe(idsBeforeCorrection.get(listedEntry.id));
      // RFC 822 dates carry whole seconds.
      expect(Date.parse(textOf(item, "pubDate", ""))).toBe(
        Math.floor(Date.parse(listedEntry.publishedAt) / 1000) * 1000,
      );
      expect(textOf(item, "link", "")).toContain(`#entry-${listedEntry.id}`);
      expect(kid(item, "encoded", CONTENT).text).toBe(listedEntry.html);
    }
    expect(textOf(items[2]!, "creator", DC)).toBe("Desk");
    expect(xml).not.toContain("rumour");

    const parsed = parseFeed(xml, { xmlMode: true });
    expect(parsed?.type).toBe("rss");
    expect(parsed?.items).toHaveLength(3);
    expect(parsed?.items.every((i) => i.id && i.pubDate && !Number.isNaN(i.pubDate.getTime()))).toBe(true);
  });

  it("keeps markup and ]]> in titles and bodies as text: well-formed XML, no element a reader would run", async () => {
    for (const format of ["atom", "rss"] as const) {
      const xml = await (await get(feedPath(format))).text();
      const root = parseStrictXml(xml); // throws on a CDATA section ended early
      const ns = format === "atom" ? ATOM : "";
      const items =
        format === "atom" ? kids(root, "entry", ATOM) : kids(kid(root, "channel", ""), "item", "");
      const first = items.find(
        (i) => entryIdOf(textOf(i, format === "atom" ? "id" : "guid", ns)) === ids.markup,
      )!;
      const titleHtml = textOf(first, "title", ns);
      // The title is HTML that shows exactly what the editor typed, and contains no element.
      expect(shownText(titleHtml), format).toBe(HOSTILE_TITLE);
      expect(
        DomUtils.findAll(() => true, parseDocument(titleHtml).children),
        format,
      ).toEqual([]);
      const content = kid(
        first,
        format === "atom" ? "content" : "encoded",
        format === "atom" ? ATOM : CONTENT,
      ).text;
      const elements = DomUtils.findAll(() => true, parseDocument(content).children);
      expect(
        elements.map((e) => e.name),
        format,
      ).toContain("p");
      expect(
        elements.map((e) => e.name).filter((n) => !ENTRY_TAGS.includes(n)),
        format,
      ).toEqual([]);
      for (const element of elements) {
        expect(
          Object.keys(element.attribs).filter((a) => a.startsWith("on")),
          format,
        ).toEqual([]);
        expect(element.attribs.href ?? "", format).not.toMatch(/^javascript:/i);
      }
      expect(shownText(content), format).toContain("Raw <script>alert(1)</script> then ]]> and ]]> again");
    }
  });

  it("answers with the feed media types and caches like the other public reads: 304, then a new ETag after an entry", async () => {
    const reference = await get(`/v1/articles/${articleId}/entries`);
    const publicCacheControl = reference.headers.get("cache-control");
    expect(publicCacheControl).toMatch(/^public, /);
    await reference.arrayBuffer();
    const types = { atom: "application/atom+xml; charset=utf-8", rss: "application/rss+xml; charset=utf-8" };
    const tags = new Map<string, string>();
    for (const format of ["atom", "rss"] as const) {
      const res = await get(feedPath(format));
      expect(res.headers.get("content-type")).toBe(types[format]);
      expect(res.headers.get("cache-control")).toBe(publicCacheControl);
      expect(res.headers.get("etag")).toMatch(/^"\d+\.[A-Za-z0-9_-]{16}"$/);
      tags.set(format, res.headers.get("etag")!);
      await res.arrayBuffer();
      const again = await get(feedPath(format), {
        "if-none-match": tags.get(format)!,
        "cache-control": "no-cache",
      });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(tags.get(format));
      expect(await again.text()).toBe("");
    }
    expect(tags.get("atom")).not.toBe(tags.get("rss"));
    await post({ body: "Breaking: a new entry after the cached copy" });
    for (const format of ["atom", "rss"] as const) {
      const res = await get(feedPath(format), { "if-none-match": tags.get(format)! });
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).not.toBe(tags.get(format));
      expect(await res.text()).toContain("Breaking: a new entry after the cached copy");
    }
  });

  it("carries ?limit= newest entries (1–100), and ignores parameters it does not know", async () => {
    const limited = parseStrictXml(await (await get(`${feedPath("atom")}?limit=2`)).text());
    const newest = (await listed()).slice(0, 2).map((e) => e.id);
    expect(kids(limited, "entry", ATOM).map((e) => entryIdOf(textOf(e, "id", ATOM)))).toEqual(newest);
    const bad = await get(`${feedPath("rss")}?limit=101`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    expect((await get(`${feedPath("rss")}?utm_source=reader`)).status).toBe(200);
  });

  it("has no feed for a private article (with or without a token), 404 for an unknown one, 400 for a Host that names no host", async () => {
    const privateId = await stack.createArticle();
    await stack.api("PUT", `/v1/articles/${privateId}`, { title: "Subscribers only", private: true });
    await post({ body: "A subscriber-only secret" }, privateId);
    const refusal = await get(`/v1/articles/${privateId}/entries`);
    const refusalBody = (await refusal.json()) as { error: { code: string } };
    const { token: readerToken } = (await stack.api("POST", `/v1/articles/${privateId}/reader-tokens`, {}))
      .body as { token: string };
    for (const format of ["atom", "rss"] as const) {
      for (const authorization of [undefined, `Bearer ${readerToken}`, `Bearer ${stack.token}`]) {
        const res = await get(feedPath(format, privateId), authorization ? { authorization } : {});
        const text = await res.text();
        expect(res.status, `${format} ${authorization ?? "no token"}`).toBe(refusal.status);
        expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe(refusalBody.error.code);
        expect(res.headers.get("cache-control")).toBe("no-store");
        expect(text).not.toContain("secret");
      }
      const unknown = await get(feedPath(format, "never-made"));
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("article_not_found");
    }
    expect(refusal.status).toBe(401);
    // Without PUBLIC_URL (development) the URLs come from Host, which must name a host.
    const badHost = await getWithHost(`${stack.url}${feedPath("atom")}`, { host: "not a host" });
    expect(badHost.status).toBe(400);
    expect((JSON.parse(badHost.text) as { error: { code: string } }).error.code).toBe("bad_request");
    // The private article's embed page (read with a token) does not advertise feeds that refuse.
    const privatePage = await get(`/v1/articles/${privateId}/embed.html`, {
      authorization: `Bearer ${readerToken}`,
    });
    expect(await privatePage.text()).not.toContain("application/atom+xml");
  });

  it("is described in the OpenAPI document with its media types and the codes it answers", async () => {
    type Operation = {
      responses: Record<string, { description: string; content?: Record<string, unknown> }>;
    };
    const document = (await (await get("/openapi.json")).json()) as {
      paths: Record<string, { get?: Operation }>;
    };
    const answered: [string, number, string][] = [
      [`${feedPath("atom", "never-made")}`, 404, "article_not_found"],
      [`${feedPath("rss")}?limit=0`, 400, "validation_failed"],
    ];
    for (const format of ["atom", "rss"] as const) {
      const operation = document.paths[`/v1/articles/{articleId}/feed.${format}`]?.get;
      expect(Object.keys(operation?.responses["200"]?.content ?? {})).toEqual([`application/${format}+xml`]);
      expect(operation?.responses["304"]).toBeDefined();
      expect(operation?.responses["401"]?.description).toContain("unauthorized");
    }
    for (const [path, status, code] of answered) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
      const format = path.includes("feed.atom") ? "atom" : "rss";
      const operation = document.paths[`/v1/articles/{articleId}/feed.${format}`]?.get;
      expect(operation?.responses[String(status)]?.description, path).toContain(code);
    }
  });

  it("lets a feed reader discover both feeds from the embed page", async () => {
    const page = parseDocument(await (await get(`/v1/articles/${articleId}/embed.html`)).text());
    const alternates = DomUtils.getElementsByTagName("link", page)
      .filter((l) => l.attribs.rel === "alternate")
      .map((l) => [l.attribs.type, l.attribs.href]);
    expect(alternates).toEqual([
      ["application/atom+xml", `${stack.url}${feedPath("atom")}`],
      ["application/rss+xml", `${stack.url}${feedPath("rss")}`],
    ]);
    for (const [type, href] of alternates) {
      const res = await fetch(href!);
      expect(res.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
      await res.arrayBuffer();
    }
  });
});

describe("a feed's URLs and ids", () => {
  const PUBLIC = "https://live.example.com";
  let stack: Stack;
  beforeAll(async () => {
    // TRUST_PROXY on, so X-Forwarded-Host would be believed if anything read it.
    stack = await startStack({ config: { PUBLIC_URL: PUBLIC, TRUST_PROXY: "1" } });
  });
  afterAll(() => stack?.close());

  it("come from PUBLIC_URL, never from a forged Host", async () => {
    const articleId = await stack.createArticle();
    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "An entry" });
    expect(res.status).toBe(202);
    await waitFor(
      async () =>
        (
          (await fetch(`${stack.url}/v1/articles/${articleId}/entries`).then((r) => r.json())) as {
            entries: unknown[];
          }
        ).entries.length > 0,
    );
    const forged = { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "http" };
    for (const format of ["atom", "rss"] as const) {
      const { status, text } = await getWithHost(
        `${stack.url}/v1/articles/${articleId}/feed.${format}`,
        forged,
      );
      expect(status).toBe(200);
      expect(text).not.toContain("evil.example");
      expect(text).toContain(`${PUBLIC}/v1/articles/${articleId}/feed.${format}`);
      expect(text).toContain(`tag:live.example.com,`);
    }
  });
});
