/** The tags an entry's HTML may hold (the server's allowlist), plus the ticker's own wrappers. */
export const ENTRY_TAGS = [
  "p",
  "br",
  "em",
  "strong",
  "s",
  "a",
  "ul",
  "ol",
  "li",
  "blockquote",
  "img",
  "code",
  "pre",
];
export const TICKER_TAGS = ["article", "div", "span", "time", "h3", ...ENTRY_TAGS];
