import type { Entry } from "../types.js";

/*
 * An entry's picture and embeds, as the ticker shows them. The server accepts only https
 * pictures and builds every embed URL itself (protocol/embed-providers.ts); the browser checks
 * again, independently, before it loads anything, as safe-html.ts does for the body.
 *
 * Embeds are click-to-load cards: until the reader presses the card's button nothing is
 * requested from the provider (no script, no iframe, no image), which keeps the page fast and
 * the reader's visit private. Then the provider's own embed page loads in a sandboxed iframe.
 */

/** The texts of an embed card; `{provider}` is replaced by the provider's name. */
export interface MediaLabels {
  /** @default "Load {provider} post" */
  loadPost: string;
  /** @default "Load {provider} video" */
  loadVideo: string;
  /** @default "Loading it shares data with {provider}." */
  embedNotice: string;
}

type Embed = NonNullable<Entry["embeds"]>[number];
type Image = NonNullable<Entry["image"]>;

/**
 * Each provider's name, and the whole embed URL it may load, anchored: a fixed origin (any
 * public host for Mastodon, with its own path) and a path of the shape Herald builds. Nothing
 * else becomes an iframe: not another host after an `@`, not a port, not a `javascript:` URL.
 */
const PROVIDERS: Record<string, [string, RegExp]> = {
  x: ["X", /^https:\/\/platform\.twitter\.com\/embed\/Tweet\.html\?id=\d+$/],
  youtube: ["YouTube", /^https:\/\/www\.youtube-nocookie\.com\/embed\/[\w-]{11}$/],
  telegram: ["Telegram", /^https:\/\/t\.me\/\w+\/\d+\?embed=1$/],
  instagram: ["Instagram", /^https:\/\/www\.instagram\.com\/(?:p|reel|tv)\/[\w-]+\/embed$/],
  bluesky: ["Bluesky", /^https:\/\/embed\.bsky\.app\/embed\/[\w.:%-]+\/app\.bsky\.feed\.post\/[\w.~-]+$/],
  mastodon: ["Mastodon", /^https:\/\/(?:[a-z\d-]+\.)+(?:[a-z]{2,}|xn--[a-z\d-]+)\/@\w+\/\d+\/embed$/],
};

const HTTPS = /^https:\/\/[^\s]+$/i;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  // Text goes in as text, never as markup.
  if (text !== undefined) node.textContent = text;
  return node;
}

/** `<figure>` with the picture, its box reserved by width and height; null unless https. */
function figureOf(image: Image): HTMLElement | null {
  if (!HTTPS.test(image.url)) return null;
  const figure = el("figure");
  figure.setAttribute("part", "entry-image");
  const img = el("img");
  img.src = image.url;
  img.alt = image.alt;
  if (image.width) img.width = image.width;
  if (image.height) img.height = image.height;
  img.loading = "lazy";
  img.decoding = "async";
  figure.append(img);
  const caption = [image.caption, image.credit].filter(Boolean).join(" — ");
  if (caption) figure.append(el("figcaption", undefined, caption));
  return figure;
}

/** The provider's embed in a sandboxed frame: loaded now, because the reader asked. */
function frameOf(embed: Embed, name: string): HTMLIFrameElement {
  const frame = el("iframe", embed.provider);
  frame.title = name;
  // Scripts run (the embeds need them) in the provider's own origin, never the page's; no
  // top navigation, forms or downloads; links open in a new tab.
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups");
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.loading = "lazy";
  frame.src = embed.embedUrl;
  return frame;
}

/** A click-to-load card for one embed; null when its embed URL is not one Herald builds. */
function cardOf(embed: Embed, labels: MediaLabels): HTMLElement | null {
  const [name, embedUrl] = PROVIDERS[embed.provider] ?? [];
  if (!name || !embedUrl?.test(embed.embedUrl) || !HTTPS.test(embed.url)) return null;
  const fill = (text: string) => text.replace("{provider}", () => name);
  const card = el("div", "embed");
  card.setAttribute("part", "embed");
  const link = el("a", undefined, embed.url);
  link.href = embed.url;
  link.rel = "noopener noreferrer nofollow";
  link.target = "_blank";
  const button = el(
    "button",
    undefined,
    fill(embed.provider === "youtube" ? labels.loadVideo : labels.loadPost),
  );
  button.type = "button";
  button.addEventListener("click", () => {
    const frame = frameOf(embed, name);
    card.replaceWith(frame);
    frame.focus();
  });
  card.append(el("strong", undefined, name), link, el("p", undefined, fill(labels.embedNotice)), button);
  return card;
}

/** What follows an entry's body: its picture, then a card per embed. */
export function renderMedia(entry: Entry, labels: MediaLabels): HTMLElement[] {
  const nodes = [
    entry.image ? figureOf(entry.image) : null,
    ...(entry.embeds ?? []).map((e) => cardOf(e, labels)),
  ];
  return nodes.filter((node): node is HTMLElement => node !== null);
}
