import type { Article, Entry } from "../../protocol/index.js";

/** Escapes text for HTML text and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON for a <script type="application/ld+json">: `<` escaped, so `</script>` cannot end it. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** schema.org LiveBlogPosting for crawlers: the article and its entries as liveBlogUpdate. */
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
      ...(entry.title ? { headline: entry.title } : {}),
      articleBody: entry.body,
      datePublished: entry.publishedAt,
      ...(entry.updatedAt ? { dateModified: entry.updatedAt } : {}),
      ...(entry.author ? { author: { "@type": "Person", name: entry.author.name } } : {}),
    })),
  };
}

function entryHtml(entry: Entry): string {
  const meta = [
    entry.pinned ? "<strong>Pinned</strong>" : "",
    entry.keyEvent ? "<strong>Key event</strong>" : "",
    `<time datetime="${escapeHtml(entry.publishedAt)}">${escapeHtml(entry.publishedAt.slice(0, 16).replace("T", " "))} UTC</time>`,
    entry.author ? `<span>${escapeHtml(entry.author.name)}</span>` : "",
    entry.updatedAt ? "<span>Updated</span>" : "",
  ].filter(Boolean);
  // entry.html is the server's sanitised rendering, placed in ordinary flow content: the
  // same context it was sanitised for (no <noscript>, <svg> or <template> around it).
  return `<article id="entry-${escapeHtml(entry.id)}">
<p>${meta.join(" · ")}</p>
${entry.title ? `<h3>${escapeHtml(entry.title)}</h3>\n` : ""}${entry.html}
</article>`;
}

/**
 * The current entries as plain HTML, for crawlers and readers without JavaScript, with the
 * script that takes it over as a live ticker when it runs.
 */
export function embedPage(article: Article, entries: Entry[], origin: string): string {
  const url = `${origin}/v1/articles/${encodeURIComponent(article.id)}/embed.html`;
  const pinned = entries.filter((e) => e.pinned);
  const ordered = [...pinned, ...entries.filter((e) => !e.pinned)];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(article.title)}</title>
<script type="application/ld+json">${jsonForScript(liveBlogJsonLd(article, entries, url))}</script>
</head>
<body>
<section data-live-ticker data-article="${escapeHtml(article.id)}" data-server="${escapeHtml(origin)}">
<h2>${escapeHtml(article.title)}</h2>
${article.status === "ended" ? "<p><strong>Coverage has ended</strong></p>\n" : ""}${ordered.map(entryHtml).join("\n")}
</section>
<script async src="${escapeHtml(origin)}/sdk/herald.js"></script>
</body>
</html>
`;
}

/** The demo page `npm start` points newcomers to: one ticker, nothing else. */
export function demoPage(articleId: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald demo: ${escapeHtml(articleId)}</title>
<link rel="stylesheet" href="/demo/demo.css">
</head>
<body>
<header><h1>Herald demo</h1><p>Post to <code>/v1/articles/${escapeHtml(articleId)}/entries</code> and watch entries arrive.</p></header>
<main>
<live-ticker article="${escapeHtml(articleId)}"></live-ticker>
</main>
<script async src="/sdk/herald.js"></script>
</body>
</html>
`;
}

export const DEMO_CSS = `body { margin: 0; font-family: system-ui, sans-serif; background: #f4f4f6; color: #1d1d1f; }
header { padding: 16px 24px; background: #1d1d1f; color: #fff; }
header h1 { margin: 0 0 4px; font-size: 1.3em; }
header p { margin: 0; opacity: .8; }
main { max-width: 720px; margin: 24px auto; padding: 16px 20px; background: #fff; border-radius: 12px; box-shadow: 0 1px 4px rgb(0 0 0 / .08); }
`;
