import { Feed, type Category, type Item } from "feed";
import type { Article, Entry } from "../../protocol/index.js";
import { embedPageUrl } from "../widget/embed-page.js";
import { correctionNotesHtml } from "../widget/entry-corrections.js";
import { htmlToText } from "../widget/html-text.js";
import { cdataSafeHtml, excerpt, textAsHtml, xmlSafe } from "./feed-text.js";
import { feedUrl, type FeedFormat } from "./feed-urls.js";

/** An untitled entry's title: the start of its text, short enough for a feed reader's list. */
const TITLE_CHARS = 80;
/** Atom `summary` / RSS `description`: the start of the text, beside the full HTML content. */
const SUMMARY_CHARS = 280;

const KEY_EVENT: Category = { name: "Key event", term: "key-event" };
const PINNED: Category = { name: "Pinned", term: "pinned" };

/**
 * The article's tag URI (RFC 4151): its host and creation date name it for good, so the feed's
 * id stays one across corrections, retitles and new epochs of the log. Entry ids extend it.
 */
function articleTag(origin: URL, article: Article): string {
  return `tag:${origin.hostname},${article.createdAt.slice(0, 10)}:articles/${article.id}`;
}

/** What a reader sees as the change time: the correction's, else the publication's. */
const changedAt = (entry: Entry) => entry.updatedAt ?? entry.publishedAt;

function entryItem(entry: Entry, format: FeedFormat, tag: string, page: string): Item {
  const text = xmlSafe(htmlToText(entry.html));
  const title = entry.title?.trim()
    ? xmlSafe(entry.title)
    : excerpt(text, TITLE_CHARS) || `${entry.publishedAt.slice(0, 16).replace("T", " ")} UTC`;
  const summary = excerpt(text, SUMMARY_CHARS);
  const author = entry.author ? xmlSafe(entry.author.name) : undefined;
  const category = [...(entry.keyEvent ? [KEY_EVENT] : []), ...(entry.pinned ? [PINNED] : [])];
  return {
    // Never the seq or a time: a correction must update this item, not add another.
    id: `${tag}/entries/${entry.id}`,
    title: textAsHtml(title),
    link: `${page}#entry-${encodeURIComponent(entry.id)}`,
    // Atom `updated` (RSS uses `published` for pubDate).
    date: new Date(changedAt(entry)),
    published: new Date(entry.publishedAt),
    ...(summary ? { description: textAsHtml(summary) } : {}),
    // A labelled correction's notes follow the text; `date` above is then the correction's time.
    content: cdataSafeHtml(xmlSafe(entry.html + correctionNotesHtml(entry))),
    ...(category.length > 0 ? { category } : {}),
    // RSS's <author> must be an e-mail address; a name goes in Dublin Core's creator there.
    ...(author === undefined
      ? {}
      : format === "atom"
        ? { author: [{ name: author }] }
        : { extensions: [{ name: "dc:creator", objects: { _text: author } }] }),
  };
}

/**
 * An article's newest entries (as read, newest first; retracted ones are never listed) as an
 * Atom 1.0 or RSS 2.0 document. A function of the article, the entries and the origin alone
 * (no clock): equal inputs give equal bytes, as the read cache's strong ETag requires.
 *
 * @param origin a valid absolute origin (PUBLIC_URL, or the request's in development)
 */
export function renderArticleFeed(
  article: Article,
  entries: Entry[],
  origin: string,
  format: FeedFormat,
): string {
  const base = new URL(origin);
  const tag = articleTag(base, article);
  const page = embedPageUrl(origin, article.id);
  const title = xmlSafe(article.title);
  // The newest change the feed shows: a new entry, a correction, or the article's own edit.
  const updated = [article.updatedAt, ...entries.map(changedAt)].reduce((a, b) =>
    Date.parse(b) > Date.parse(a) ? b : a,
  );
  const feed = new Feed({
    id: tag,
    title,
    description: article.status === "ended" ? `Coverage has ended: ${title}` : `Live updates: ${title}`,
    link: page,
    feedLinks: { atom: feedUrl(origin, article.id, "atom"), rss: feedUrl(origin, article.id, "rss") },
    updated: new Date(updated),
    generator: "Herald",
    // Atom needs an author for every entry; those without one of their own take the site's.
    author: { name: base.hostname },
  });
  for (const entry of entries) feed.addItem(entryItem(entry, format, tag, page));
  return format === "atom" ? feed.atom1() : feed.rss2();
}
