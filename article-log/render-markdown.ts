import { createRequire } from "node:module";
import type MarkdownIt from "markdown-it";
import type sanitizeHtml from "sanitize-html";

// Loaded on the first render, not at start-up: markdown-it and sanitize-html (with postcss)
// are a fifth of what a server loads before it is ready, and a server renders only on a
// post or a preview. Required (CommonJS, synchronous) so renderMarkdown stays synchronous.
const require = createRequire(import.meta.url);

function createRenderer(): (source: string) => string {
  const MarkdownItClass = require("markdown-it") as typeof MarkdownIt;
  const sanitize = require("sanitize-html") as typeof sanitizeHtml;
  // Raw HTML off: a `<script>` in the source is text, not markup. Only the contract's subset is on.
  const markdown = new MarkdownItClass("zero", { html: false, linkify: true, breaks: true }).enable([
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
  const options: sanitizeHtml.IOptions = {
    allowedTags: ["p", "br", "em", "strong", "s", "a", "ul", "ol", "li", "blockquote", "img", "code", "pre"],
    // transformTags adds rel/target after the attribute filter runs, so they are let through.
    allowedAttributes: { a: ["href", "title", "rel", "target"], img: ["src", "alt", "title"], ol: ["start"] },
    allowedSchemes: ["https", "http", "mailto"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    // An image whose source was dropped (not https) is dropped whole.
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
    transformTags: {
      a: sanitize.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
    },
  };
  return (source) => sanitize(markdown.render(source), options).trim();
}

let render: ((source: string) => string) | null = null;

/**
 * Renders an entry's Markdown to the HTML readers get. The worker's apply is the only place
 * whose rendering is stored: HTML is never taken from a request or a job. Markdown with raw
 * HTML off, then an allowlist sanitiser on the result: links only http(s)/mailto with
 * `rel="noopener noreferrer nofollow"`, images only over https.
 */
export function renderMarkdown(source: string): string {
  render ??= createRenderer();
  return render(source);
}

/** Size in UTF-8 bytes, what readers download: linkify can make HTML 8× its Markdown. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
