import { EMBED_PROVIDER_NAMES, type Entry } from "../../protocol/index.js";
import { escapeHtml } from "./html-text.js";

/*
 * An entry's picture and embeds on embed.html, the page for crawlers and readers without
 * JavaScript: the picture as a <figure>, each embed as a plain link to the post. No iframe and
 * nothing from the provider: a reader of this page contacts a provider only by following a link.
 */

/** `<figure>` with the picture (its size reserved) and its caption and credit; "" without one. */
export function imageHtml(entry: Entry): string {
  const image = entry.image;
  if (!image) return "";
  const size =
    (image.width ? ` width="${image.width}"` : "") + (image.height ? ` height="${image.height}"` : "");
  const caption = [image.caption, image.credit].filter(Boolean).map((t) => escapeHtml(t ?? ""));
  return `<figure><img src="${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}"${size} loading="lazy" decoding="async">${
    caption.length > 0 ? `<figcaption>${caption.join(" — ")}</figcaption>` : ""
  }</figure>\n`;
}

/** Each embed as a link to the post on its provider's site; "" without any. */
export function embedLinksHtml(entry: Entry): string {
  return (entry.embeds ?? [])
    .map(
      (embed) =>
        `<p class="embed">${escapeHtml(EMBED_PROVIDER_NAMES[embed.provider])}: <a href="${escapeHtml(embed.url)}" rel="noopener noreferrer nofollow">${escapeHtml(embed.url)}</a></p>\n`,
    )
    .join("");
}

/** schema.org `image` of the entry's BlogPosting: an ImageObject with its caption and credit. */
export function imageJsonLd(entry: Entry): Record<string, unknown> {
  const image = entry.image;
  if (!image) return {};
  return {
    image: {
      "@type": "ImageObject",
      url: image.url,
      contentUrl: image.url,
      description: image.alt,
      ...(image.caption ? { caption: image.caption } : {}),
      ...(image.credit ? { creditText: image.credit } : {}),
      ...(image.width ? { width: image.width } : {}),
      ...(image.height ? { height: image.height } : {}),
    },
  };
}
