// Text and HTML made safe for the feeds' XML, whatever an editor typed.

/**
 * What XML 1.0 forbids anywhere, CDATA included: control characters other than tab and line
 * breaks, lone surrogates, U+FFFE and U+FFFF. The input schemas refuse most of them; this
 * drops any that got through, so one entry can never make a whole feed unreadable.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

/**
 * Plain text as HTML text, for the elements the feed library writes as HTML (Atom `type="html"`,
 * RSS titles and descriptions): a title "a <b> & c" must reach a feed reader as text, never as
 * markup. Quotes need no escaping outside attributes, and leaving them spares readers that show
 * RSS titles as plain text a `&#39;` in every "don't".
 */
export function textAsHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * HTML that may sit in a CDATA section: `]]>` becomes `]]&gt;`, which HTML reads back as the
 * same characters. The sanitiser already escapes every `>` in text and attributes; this is the
 * guard that does not depend on it, because the feed library's XML writer splits only the first
 * `]]>` of a CDATA section and a second one would end it early.
 */
export function cdataSafeHtml(html: string): string {
  return html.replaceAll("]]>", "]]&gt;");
}

/**
 * `text` on one line, cut at a word boundary to at most `max` characters (code points, so an
 * emoji is never split into a lone surrogate), with "…" when cut.
 */
export function excerpt(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(line);
  if (chars.length <= max) return line;
  const cut = chars.slice(0, max - 1).join("");
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
