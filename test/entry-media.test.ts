import { parseDocument, DomUtils } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../protocol/index.js";
import { readEmbedUrl } from "../protocol/embed-providers.js";
import { startReader, type Reader } from "./helpers/reader.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";

/**
 * An entry's picture and embeds (docs/api.md, "Images and embeds"): what the API refuses,
 * how each provider's post URL becomes the provider's own embed URL, and that both reach
 * readers (socket and GET …/entries) and embed.html.
 */

const IMAGE = {
  url: "https://images.example.org/photos/vote.jpg",
  alt: "Delegates raise their hands in the assembly hall",
  caption: "The vote at 13:05",
  credit: "Photo: A. Reporter / Agency",
  width: 1200,
  height: 800,
};

/** Each provider's post URL as an editor pastes it, and what Herald makes of it. */
const PROVIDERS = [
  {
    input: "https://twitter.com/HeraldNews/status/1790000000000000001?s=20",
    provider: "x",
    url: "https://x.com/HeraldNews/status/1790000000000000001",
    embedUrl: "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001",
  },
  {
    input: "https://x.com/HeraldNews/status/1790000000000000002",
    provider: "x",
    url: "https://x.com/HeraldNews/status/1790000000000000002",
    embedUrl: "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000002",
  },
  {
    input: "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
    provider: "youtube",
    url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    embedUrl: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
  },
  {
    input: "https://youtu.be/dQw4w9WgXcQ",
    provider: "youtube",
    url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    embedUrl: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
  },
  {
    input: "https://www.youtube.com/shorts/aBcDeFgHiJk",
    provider: "youtube",
    url: "https://www.youtube.com/watch?v=aBcDeFgHiJk",
    embedUrl: "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk",
  },
  {
    input: "https://t.me/heraldnews/1234",
    provider: "telegram",
    url: "https://t.me/heraldnews/1234",
    embedUrl: "https://t.me/heraldnews/1234?embed=1",
  },
  {
    input: "https://www.instagram.com/p/C7abcDEF123/?igsh=xyz",
    provider: "instagram",
    url: "https://www.instagram.com/p/C7abcDEF123/",
    embedUrl: "https://www.instagram.com/p/C7abcDEF123/embed",
  },
  {
    input: "https://instagram.com/reel/C8xyz_-9876",
    provider: "instagram",
    url: "https://www.instagram.com/reel/C8xyz_-9876/",
    embedUrl: "https://www.instagram.com/reel/C8xyz_-9876/embed",
  },
  {
    input: "https://bsky.app/profile/herald.bsky.social/post/3kabcdefghi2x",
    provider: "bluesky",
    url: "https://bsky.app/profile/herald.bsky.social/post/3kabcdefghi2x",
    embedUrl: "https://embed.bsky.app/embed/herald.bsky.social/app.bsky.feed.post/3kabcdefghi2x",
  },
  {
    input: "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3kabcdefghi2x",
    provider: "bluesky",
    url: "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3kabcdefghi2x",
    embedUrl:
      "https://embed.bsky.app/embed/did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kabcdefghi2x",
  },
  {
    input: "https://Mastodon.Social/@Gargron/112233445566778899",
    provider: "mastodon",
    url: "https://mastodon.social/@Gargron/112233445566778899",
    embedUrl: "https://mastodon.social/@Gargron/112233445566778899/embed",
  },
] as const;

/** URLs no provider embeds, and why each must be refused. */
const REFUSED = [
  ["https://www.facebook.com/heraldnews/posts/123", "an unknown provider"],
  ["http://youtu.be/dQw4w9WgXcQ", "plain http"],
  ["javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ", "a javascript: URL"],
  ["https://youtu.be.evil.example.net/dQw4w9WgXcQ", "a look-alike host"],
  ["https://www.youtube.com@evil.example.net/watch?v=dQw4w9WgXcQ", "credentials smuggling a host"],
  ["https://x.com:8443/a/status/1", "a port"],
  ["https://x.com/HeraldNews", "a profile, not a post"],
  ["https://x.com/@user/123", "a Mastodon-shaped path on a provider's host"],
  ["https://127.0.0.1/@user/123", "a Mastodon path on an IP address"],
  ["https://intranet.local/@user/123", "a Mastodon path on a private name"],
  ["https://mastodon.social/@user/123/../../evil", "a path that climbs out"],
  ["https://www.youtube.com/watch?v=short", "a malformed video id"],
] as const;

describe("entry images and embeds", () => {
  let stack: Stack;
  let articleId: string;
  let reader: Reader;

  beforeAll(async () => {
    stack = await startStack();
    articleId = await stack.createArticle(undefined, "Assembly vote: live");
    reader = startReader(stack.url, articleId);
    await waitFor(() => reader.states.includes("live"), 10_000, "reader live");
  });
  afterAll(async () => {
    reader.close();
    await stack.close();
  });

  const post = (body: unknown) => stack.api("POST", `/v1/articles/${articleId}/entries`, body);
  const patch = (entryId: string, body: unknown) =>
    stack.api("PATCH", `/v1/articles/${articleId}/entries/${entryId}`, body);
  const listed = async (entryId: string) =>
    (
      (await stack.api("GET", `/v1/articles/${articleId}/entries?limit=100`)).body as { entries: Entry[] }
    ).entries.find((e) => e.id === entryId);
  /** The reader's copy of the entry once `check` holds for it. */
  const readerSees = (entryId: string, check: (e: Entry) => boolean) =>
    waitFor(() => reader.entries.find((e) => e.id === entryId && check(e)), 10_000, `entry ${entryId}`);

  it("refuses an image over http, without alt text, or with a bad size, naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ ...IMAGE, url: "http://images.example.org/a.jpg" }, "image.url"],
      [{ ...IMAGE, url: "//images.example.org/a.jpg" }, "image.url"],
      [{ ...IMAGE, url: "data:image/png;base64,AAAA" }, "image.url"],
      [{ url: IMAGE.url }, "image.alt"],
      [{ ...IMAGE, alt: "   " }, "image.alt"],
      [{ ...IMAGE, alt: "x".repeat(301) }, "image.alt"],
      [{ ...IMAGE, width: 0 }, "image.width"],
      [{ ...IMAGE, height: 10_001 }, "image.height"],
      [{ ...IMAGE, onload: "alert(1)" }, "image"],
    ];
    for (const [image, field] of cases) {
      const res = await post({ body: "With a picture", image });
      expect(res.status, JSON.stringify(image)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.message).toContain(`at ${field}`);
    }
  });

  it("refuses an embed from an unknown provider or of the wrong shape, and more than four", async () => {
    for (const [url, why] of REFUSED) {
      const res = await post({ body: "With an embed", embeds: [{ url }] });
      expect(res.status, why).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.message, why).toContain("at embeds.0.url");
    }
    const five = Array.from({ length: 5 }, () => ({ url: "https://youtu.be/dQw4w9WgXcQ" }));
    const res = await post({ body: "Too many", embeds: five });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("embeds");
  });

  it("normalises each provider's post URL to the provider's own embed URL", () => {
    for (const c of PROVIDERS) {
      const read = readEmbedUrl(c.input);
      expect(read, c.input).toEqual({
        ok: true,
        embed: expect.objectContaining({ provider: c.provider, url: c.url, embedUrl: c.embedUrl }),
      });
    }
  });

  it("stores the image and the normalised embeds and sends them to readers by socket and GET", async () => {
    const embeds = PROVIDERS.slice(0, 4).map((c) => ({ url: c.input }));
    const res = await post({ body: "The assembly votes.", image: IMAGE, embeds });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const live = await readerSees(id, (e) => e.embeds !== undefined);
    const expected = PROVIDERS.slice(0, 4).map((c) =>
      expect.objectContaining({ provider: c.provider, url: c.url, embedUrl: c.embedUrl }),
    );
    expect(live.image).toEqual(IMAGE);
    expect(live.embeds).toEqual(expected);
    const stored = await listed(id);
    expect(stored?.image).toEqual(IMAGE);
    expect(stored?.embeds).toEqual(expected);
  });

  it("sends every provider's embed through the whole write path", async () => {
    const rest = PROVIDERS.slice(4);
    const ids: string[] = [];
    for (let i = 0; i < rest.length; i += 4) {
      const res = await post({
        body: `Embeds ${i}`,
        embeds: rest.slice(i, i + 4).map((c) => ({ url: c.input })),
      });
      expect(res.status).toBe(202);
      ids.push(res.body.id as string);
    }
    const seen = await Promise.all(ids.map((id) => readerSees(id, (e) => e.embeds !== undefined)));
    expect(seen.flatMap((e) => e.embeds ?? []).map((e) => e.embedUrl)).toEqual(rest.map((c) => c.embedUrl));
  });

  it("lets a correction add, change and remove the image and embeds (null or an empty list removes)", async () => {
    const res = await post({ body: "Plain at first" });
    const id = res.body.id as string;
    await readerSees(id, () => true);

    expect((await patch(id, { image: { ...IMAGE, url: "http://a.example.org/x.jpg" } })).status).toBe(400);
    expect((await patch(id, { embeds: [{ url: "https://evil.example/@a/1/../x" }] })).status).toBe(400);

    expect((await patch(id, { image: IMAGE, embeds: [{ url: PROVIDERS[5].input }] })).status).toBe(202);
    await readerSees(id, (e) => e.image?.url === IMAGE.url && e.embeds?.length === 1);
    expect((await listed(id))?.embeds?.[0]?.embedUrl).toBe(PROVIDERS[5].embedUrl);

    // Another field's correction keeps them.
    expect((await patch(id, { title: "Now with a title" })).status).toBe(202);
    const titled = await readerSees(id, (e) => e.title === "Now with a title");
    expect(titled.image).toEqual(IMAGE);
    expect(titled.embeds).toHaveLength(1);

    expect((await patch(id, { image: null, embeds: [] })).status).toBe(202);
    const bare = await readerSees(id, (e) => e.image === undefined && e.embeds === undefined);
    expect(bare.body).toBe("Plain at first");
    const stored = await listed(id);
    expect(stored && "image" in stored).toBe(false);
    expect(stored && "embeds" in stored).toBe(false);

    expect((await patch(id, { embeds: [{ url: PROVIDERS[0].input }] })).status).toBe(202);
    await readerSees(id, (e) => e.embeds?.length === 1);
    expect((await patch(id, { embeds: null })).status).toBe(202);
    await readerSees(id, (e) => e.embeds === undefined);
  });

  it("shows the picture as a figure, embeds as plain links, and the image in JSON-LD on embed.html", async () => {
    const hostile = {
      ...IMAGE,
      alt: `Quote " and <b>markup</b>`,
      credit: `</figcaption><script>alert(1)</script>`,
    };
    const res = await post({
      body: "On the page",
      image: hostile,
      embeds: [{ url: PROVIDERS[2].input }, { url: PROVIDERS[5].input }],
    });
    const id = res.body.id as string;
    await readerSees(id, () => true);
    const page = await fetch(`${stack.url}/v1/articles/${articleId}/embed.html`);
    const html = await page.text();
    const doc = parseDocument(html);
    const article = DomUtils.getElementById(`entry-${id}`, doc.children);
    expect(article).toBeTruthy();
    const figure = DomUtils.getElementsByTagName("figure", article!)[0]!;
    const img = DomUtils.getElementsByTagName("img", figure)[0]!;
    expect(img.attribs).toMatchObject({
      src: IMAGE.url,
      alt: hostile.alt,
      width: "1200",
      height: "800",
      loading: "lazy",
    });
    const caption = DomUtils.getElementsByTagName("figcaption", figure)[0]!;
    expect(DomUtils.textContent(caption)).toBe(`${IMAGE.caption} — ${hostile.credit}`);
    expect(DomUtils.getElementsByTagName("script", article!)).toHaveLength(0);
    // Embeds are links to the posts: no iframe, nothing from a provider on this page.
    expect(DomUtils.getElementsByTagName("iframe", doc.children)).toHaveLength(0);
    const links = DomUtils.getElementsByTagName("a", article!).map((a) => a.attribs.href);
    expect(links).toEqual([PROVIDERS[2].url, PROVIDERS[5].url]);
    expect(html).not.toContain("youtube-nocookie");
    expect(html).not.toContain("?embed=1");

    const ldScript = DomUtils.findOne(
      (el) => el.name === "script" && el.attribs.type === "application/ld+json",
      doc.children,
    )!;
    const ld = JSON.parse(DomUtils.textContent(ldScript)) as {
      liveBlogUpdate: { url: string; image?: Record<string, unknown> }[];
    };
    const posting = ld.liveBlogUpdate.find((u) => u.url.endsWith(`#entry-${id}`));
    expect(posting?.image).toEqual({
      "@type": "ImageObject",
      url: IMAGE.url,
      contentUrl: IMAGE.url,
      description: hostile.alt,
      caption: IMAGE.caption,
      creditText: hostile.credit,
      width: 1200,
      height: 800,
    });
  });
});
