import { describe, expect, it } from "vitest";
import { Parser } from "htmlparser2";
import { renderMarkdown } from "../article-log/render-markdown.js";
import { ENTRY_TAGS } from "./helpers/allowed-html.js";

/** Every element and attribute a browser would build from the HTML. */
function elementsOf(html: string): { tag: string; attributes: Record<string, string> }[] {
  const found: { tag: string; attributes: Record<string, string> }[] = [];
  const parser = new Parser({ onopentag: (tag, attributes) => found.push({ tag, attributes }) });
  parser.write(html);
  parser.end();
  return found;
}

const SAFE_TAGS = new Set(ENTRY_TAGS);

describe("renderMarkdown: the safe subset, sanitised", () => {
  it.each([
    ["**bold** and _em_", "<p><strong>bold</strong> and <em>em</em></p>"],
    ["> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"],
    ["- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"],
    [
      "[site](https://example.com)",
      '<p><a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">site</a></p>',
    ],
    ["![map](https://example.com/map.png)", '<p><img src="https://example.com/map.png" alt="map" /></p>'],
  ])("%s", (source, html) => {
    expect(renderMarkdown(source)).toBe(html);
  });

  it.each([
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<svg onload="alert(1)">',
  ])("renders %s inert", (source) => {
    for (const { tag, attributes } of elementsOf(renderMarkdown(source))) {
      expect(SAFE_TAGS.has(tag), tag).toBe(true);
      for (const [name, value] of Object.entries(attributes)) {
        expect(name).not.toMatch(/^on/i);
        if (name === "href" || name === "src") expect(value).toMatch(/^(https?:|mailto:)/);
      }
    }
  });

  it("keeps only https images and drops headings to text", () => {
    expect(renderMarkdown("![x](http://example.com/a.png)")).toBe("<p></p>");
    expect(renderMarkdown("# Big")).toBe("<p># Big</p>");
  });
});
