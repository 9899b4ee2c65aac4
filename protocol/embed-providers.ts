/*
 * Which posts and videos an entry may embed, and the one embed URL Herald builds for each.
 * No zod here: the editor console imports this module to preview embed cards as readers will
 * see them, and the browser bundles carry no package but socket.io-client.
 *
 * A URL is parsed with the WHATWG URL parser (the browsers' own), then matched part by part:
 * exact hosts, a path of a fixed shape, ids of fixed alphabets. The embed URL is then BUILT
 * from those parts, never copied from the input, so nothing an editor types (a second host
 * after `@`, a `javascript:` scheme, a query) can reach the iframe's `src`.
 */

export const EMBED_PROVIDERS = ["x", "youtube", "telegram", "instagram", "bluesky", "mastodon"] as const;
export type EmbedProvider = (typeof EMBED_PROVIDERS)[number];

/** Display names, for cards and messages. */
export const EMBED_PROVIDER_NAMES: Record<EmbedProvider, string> = {
  x: "X",
  youtube: "YouTube",
  telegram: "Telegram",
  instagram: "Instagram",
  bluesky: "Bluesky",
  mastodon: "Mastodon",
};

/** An embed as stored and sent to readers: the provider's post, and where its embed loads from. */
export interface Embed {
  provider: EmbedProvider;
  /** The post's canonical URL (what a link to it should open). */
  url: string;
  /** The provider's id of the post or video, where it has one. */
  id?: string | undefined;
  /** The provider's own embed endpoint, built by Herald: the only URL an iframe may load. */
  embedUrl: string;
}

export const EMBED_URL_MAX = 2048;
export const EMBEDS_MAX = 4;

type Match = Omit<Embed, "provider">;
type Rule = { provider: EmbedProvider; hosts: string[]; match: (path: string, url: URL) => Match | null };

const X_USER = /^\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/(\d{1,20})\/?$/;
const YT_ID = /^[A-Za-z0-9_-]{11}$/;
const YT_PATH = /^\/(?:shorts|live|embed)\/([A-Za-z0-9_-]{11})\/?$/;
const TG_PATH = /^\/([A-Za-z][A-Za-z0-9_]{3,31})\/(\d{1,12})\/?$/;
const IG_PATH = /^\/(p|reel|tv)\/([A-Za-z0-9_-]{5,40})\/?$/;
const BSKY_PATH =
  /^\/profile\/((?:did:(?:plc|web):[a-z0-9._:%-]{1,200})|(?:[a-z0-9-]{1,63}\.)+[a-z0-9-]{2,63})\/post\/([A-Za-z0-9._~-]{1,64})\/?$/i;
const MASTODON_PATH = /^\/@([A-Za-z0-9_]{1,30})\/(\d{1,20})\/?$/;

function youtube(id: string | null | undefined): Match | null {
  if (!id || !YT_ID.test(id)) return null;
  return {
    url: `https://www.youtube.com/watch?v=${id}`,
    id,
    embedUrl: `https://www.youtube-nocookie.com/embed/${id}`,
  };
}

const RULES: Rule[] = [
  {
    provider: "x",
    hosts: ["x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"],
    match: (path) => {
      const m = X_USER.exec(path);
      if (!m) return null;
      const [, user, id] = m as unknown as [string, string, string];
      return {
        url: `https://x.com/${user}/status/${id}`,
        id,
        embedUrl: `https://platform.twitter.com/embed/Tweet.html?id=${id}`,
      };
    },
  },
  {
    provider: "youtube",
    hosts: ["youtube.com", "www.youtube.com", "m.youtube.com"],
    match: (path, url) =>
      path === "/watch" ? youtube(url.searchParams.get("v")) : youtube(YT_PATH.exec(path)?.[1]),
  },
  { provider: "youtube", hosts: ["youtu.be"], match: (path) => youtube(/^\/([^/]+)\/?$/.exec(path)?.[1]) },
  {
    provider: "telegram",
    hosts: ["t.me", "telegram.me"],
    match: (path) => {
      const m = TG_PATH.exec(path);
      if (!m) return null;
      const post = `https://t.me/${m[1]}/${m[2]}`;
      return { url: post, id: `${m[1]}/${m[2]}`, embedUrl: `${post}?embed=1` };
    },
  },
  {
    provider: "instagram",
    hosts: ["instagram.com", "www.instagram.com"],
    match: (path) => {
      const m = IG_PATH.exec(path);
      if (!m) return null;
      const post = `https://www.instagram.com/${m[1]}/${m[2]}/`;
      return { url: post, id: m[2], embedUrl: `${post}embed` };
    },
  },
  {
    provider: "bluesky",
    hosts: ["bsky.app"],
    match: (path) => {
      const m = BSKY_PATH.exec(path);
      if (!m) return null;
      const actor = (m[1] ?? "").toLowerCase();
      return {
        url: `https://bsky.app/profile/${actor}/post/${m[2]}`,
        id: m[2],
        embedUrl: `https://embed.bsky.app/embed/${actor}/app.bsky.feed.post/${m[2]}`,
      };
    },
  },
];

/** Hosts, with their subdomains, that belong to a listed provider: never read as Mastodon. */
const PROVIDER_DOMAINS = [
  "x.com",
  "twitter.com",
  "youtube.com",
  "youtu.be",
  "t.me",
  "telegram.me",
  "instagram.com",
  "bsky.app",
];

/**
 * Names that never resolve to a public server: a Mastodon "instance" there would point the
 * reader's browser at its own machine or network.
 */
const PRIVATE_SUFFIXES = [
  "localhost",
  "local",
  "internal",
  "intranet",
  "lan",
  "home",
  "corp",
  "test",
  "example",
  "invalid",
  "onion",
  "arpa",
  "localdomain",
];
const PUBLIC_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Whether `host` (as the URL parser leaves it: lower case, IDN in punycode) is a public DNS
 * name: at least two labels, an alphabetic top-level domain (so no IPv4 or IPv6 literal), and
 * not a reserved or private-use name.
 */
export function isPublicHostname(host: string): boolean {
  if (host.length > 253 || !PUBLIC_HOST.test(host)) return false;
  const tld = host.slice(host.lastIndexOf(".") + 1);
  return !PRIVATE_SUFFIXES.includes(tld);
}

const belongsTo = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** The result of reading an embed URL: the embed, or why it cannot be one. */
export type EmbedReading = { ok: true; embed: Embed } | { ok: false; reason: string };

const SUPPORTED = "X, YouTube, Telegram, Instagram, Bluesky or Mastodon";

/**
 * Reads a post or video URL an editor pasted: `{ ok: true, embed }` for a post of an
 * allowlisted provider, else the reason in words. Mastodon runs on thousands of hosts, so any
 * public DNS name is accepted for it, but only with Mastodon's own path (`/@user/<numeric id>`)
 * and only as `https://<host>/@user/<id>/embed`, which the reader loads only on a click,
 * sandboxed; sites narrow the hosts with CSP `frame-src` (docs/widget.md).
 */
export function readEmbedUrl(raw: string): EmbedReading {
  if (raw.length > EMBED_URL_MAX) return { ok: false, reason: `must be at most ${EMBED_URL_MAX} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "must be a URL" };
  }
  if (url.protocol !== "https:" || !/^https:\/\//i.test(raw))
    return { ok: false, reason: "must be an https URL" };
  if (url.username || url.password || url.port) {
    return { ok: false, reason: "must not carry a user name, password or port" };
  }
  const host = url.hostname;
  const path = url.pathname;
  for (const rule of RULES) {
    if (!rule.hosts.includes(host)) continue;
    const match = rule.match(path, url);
    if (match) return { ok: true, embed: { provider: rule.provider, ...match } };
  }
  if (PROVIDER_DOMAINS.some((domain) => belongsTo(host, domain))) {
    return { ok: false, reason: `is not a post or video URL that ${SUPPORTED} can embed` };
  }
  const toot = MASTODON_PATH.exec(path);
  if (toot && isPublicHostname(host)) {
    const post = `https://${host}/@${toot[1]}/${toot[2]}`;
    return { ok: true, embed: { provider: "mastodon", url: post, id: toot[2], embedUrl: `${post}/embed` } };
  }
  return { ok: false, reason: `must be a post or video from ${SUPPORTED}` };
}

/**
 * Whether a stored embed is exactly what {@link readEmbedUrl} makes of its own `url`: a job
 * or record with any other `embedUrl` (forged in Redis, say) is refused, not shown.
 */
export function isBuiltEmbed(embed: Embed): boolean {
  const read = readEmbedUrl(embed.url);
  return (
    read.ok &&
    read.embed.provider === embed.provider &&
    read.embed.embedUrl === embed.embedUrl &&
    read.embed.id === embed.id &&
    read.embed.url === embed.url
  );
}

/**
 * The embeds of an entry from the URLs an editor sent, each already checked by the request's
 * schema; an empty list is none (`null`). Throws on a URL no provider embeds.
 */
export function buildEmbeds(inputs: readonly { url: string }[]): Embed[] | null {
  const embeds = inputs.map(({ url }) => {
    const read = readEmbedUrl(url);
    if (!read.ok) throw new Error(`Not an embeddable URL: ${read.reason}`);
    return read.embed;
  });
  return embeds.length > 0 ? embeds : null;
}
