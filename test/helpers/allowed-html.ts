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
// "button": each entry's Share button, made by the ticker (entry HTML may hold none: ENTRY_TAGS).
export const TICKER_TAGS = ["article", "div", "span", "time", "h3", "button", ...ENTRY_TAGS];
