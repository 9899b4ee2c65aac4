import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

// Raw HTML off: a `<script>` in the source is text, not markup. Only the contract's subset is on.
const markdown = new MarkdownIt("zero", { html: false, linkify: true, breaks: true }).enable([
  "paragraph",
  "newline",
  "emphasis",
  "strikethrough",
  "link",
  "linkify",
  "list",
  "blockquote",
  "image",
  "backticks",
  "fence",
  "code",
  "escape",
  "entity",
]);

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "em", "strong", "s", "a", "ul", "ol", "li", "blockquote", "img", "code", "pre"],
  allowedAttributes: { a: ["href", "title"], img: ["src", "alt", "title"], ol: ["start"] },
  allowedSchemes: ["https", "http", "mailto"],
  allowedSchemesByTag: { img: ["https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // An image whose source was dropped (not https) is dropped whole.
  exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
  },
};
// transformTags adds rel/target after the attribute filter runs, so let them through.
SANITIZE.allowedAttributes = {
  ...(SANITIZE.allowedAttributes as Record<string, string[]>),
  a: ["href", "title", "rel", "target"],
};

/**
 * Renders an entry's Markdown to the HTML readers get. The worker's apply is the only place
 * whose rendering is stored: HTML is never taken from a request or a job. Markdown with raw
 * HTML off, then an allowlist sanitiser on the result: links only http(s)/mailto with
 * `rel="noopener noreferrer nofollow"`, images only over https.
 */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), SANITIZE).trim();
}

/** Size in UTF-8 bytes, what readers download: linkify can make HTML 8× its Markdown. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
