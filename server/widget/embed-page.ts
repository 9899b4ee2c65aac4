import type { Article, Entry } from "../../protocol/index.js";
import { FEED_MEDIA_TYPES, feedUrl, type FeedFormat } from "../feeds/feed-urls.js";
import { escapeHtml, htmlToText, jsonForScript } from "./html-text.js";
import { correctionJsonLd, correctionNotesHtml } from "./entry-corrections.js";
import { embedLinksHtml, imageHtml, imageJsonLd } from "./embed-media.js";

/** The embed page's absolute URL: the article's permalink on Herald, which feeds link to too. */
export function embedPageUrl(origin: string, articleId: string): string {
  return `${origin}/v1/articles/${encodeURIComponent(articleId)}/embed.html`;
}

/**
 * `<link rel="alternate">` to the article's feeds, so a feed reader given the page finds them.
 * None for a private article: its feeds answer 401 (feed readers cannot carry a token).
 */
function feedDiscovery(article: Article, origin: string): string {
  if (article.private) return "";
  const formats: [FeedFormat, string][] = [
    ["atom", "Atom"],
    ["rss", "RSS"],
  ];
  return formats
    .map(
      ([format, name]) =>
        `<link rel="alternate" type="${FEED_MEDIA_TYPES[format]}" title="${escapeHtml(`${article.title} (${name})`)}" href="${escapeHtml(feedUrl(origin, article.id, format))}">\n`,
    )
    .join("");
}

/** schema.org LiveBlogPosting for crawlers: the article, and its entries as `liveBlogUpdate`. */
export function liveBlogJsonLd(article: Article, entries: Entry[], url: string) {
  return {
    "@context": "https://schema.org",
    "@type": "LiveBlogPosting",
    headline: article.title,
    url,
    coverageStartTime: article.createdAt,
    ...(article.endedAt ? { coverageEndTime: article.endedAt } : {}),
    dateModified: entries[0]?.updatedAt ?? entries[0]?.publishedAt ?? article.updatedAt,
    liveBlogUpdate: entries.map((entry) => ({
      "@type": "BlogPosting",
      url: `${url}#entry-${encodeURIComponent(entry.id)}`,
      ...(entry.title ? { headline: entry.title } : {}),
      articleBody: htmlToText(entry.html),
      datePublished: entry.publishedAt,
      ...(entry.updatedAt ? { dateModified: entry.updatedAt } : {}),
      ...(entry.author ? { author: { "@type": "Person", name: entry.author.name } } : {}),
      ...imageJsonLd(entry),
      ...correctionJsonLd(entry),
    })),
  };
}

function entryHtml(entry: Entry): string {
  const meta = [
    entry.pinned ? "<strong>Pinned</strong>" : "",
    entry.keyEvent ? "<strong>Key event</strong>" : "",
    `<time datetime="${escapeHtml(entry.publishedAt)}">${escapeHtml(entry.publishedAt.slice(0, 16).replace("T", " "))} UTC</time>`,
    entry.author ? `<span>${escapeHtml(entry.author.name)}</span>` : "",
    entry.corrections?.length ? "<span>Corrected</span>" : entry.updatedAt ? "<span>Updated</span>" : "",
  ].filter(Boolean);
  // entry.html is the server's sanitised rendering, placed in ordinary flow content: the
  // same context it was sanitised for (no <noscript>, <svg> or <template> around it), and
  // never re-parsed or re-wrapped on the way (mutation XSS).
  return `<article id="entry-${escapeHtml(entry.id)}">
<p>${meta.join(" · ")}</p>
${entry.title ? `<h3>${escapeHtml(entry.title)}</h3>\n` : ""}${entry.html}
${imageHtml(entry)}${embedLinksHtml(entry)}${correctionNotesHtml(entry)}</article>`;
}

/**
 * The current entries as plain HTML, for crawlers and readers without JavaScript, with the
 * script that turns the `<section>` into a live ticker when it runs. The JSON-LD sits inside
 * the section, so a site that copies the section into its own page copies it too.
 */
export function embedPage(article: Article, entries: Entry[], origin: string): string {
  const url = embedPageUrl(origin, article.id);
  const pinned = entries.filter((e) => e.pinned);
  const ordered = [...pinned, ...entries.filter((e) => !e.pinned)];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(article.title)}</title>
${feedDiscovery(article, origin)}</head>
<body>
<section data-live-ticker data-article="${escapeHtml(article.id)}" data-server="${escapeHtml(origin)}">
<script type="application/ld+json">${jsonForScript(liveBlogJsonLd(article, entries, url))}</script>
<h2>${escapeHtml(article.title)}</h2>
${article.status === "ended" ? "<p><strong>Coverage has ended</strong></p>\n" : ""}${ordered.map(entryHtml).join("\n")}
</section>
<script async src="${escapeHtml(origin)}/sdk/herald.js"></script>
</body>
</html>
`;
}
