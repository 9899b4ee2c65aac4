import { describe, expect, it } from "vitest";
import { byteLength, renderMarkdown } from "../article-log/render-markdown.js";
import { HttpError } from "../server/http/http-error.js";
import { MAX_HTML_BYTES_PER_MARKDOWN_BYTE, checkHtmlWithinCap } from "../server/http/render-within-cap.js";

// Every construct of the subset, and the characters that grow when escaped or URL-encoded.
const PIECES = [
  ">",
  "> ",
  "- ",
  "* ",
  "+ ",
  "1. ",
  "9. ",
  "1) ",
  "a.co ",
  "a.co\n",
  "www.a.co ",
  "x@y.co ",
  "http://a.co/&&& ",
  "http://é.co ",
  "a.co/😀 ",
  "[](a)",
  "[](&)",
  "[&](&)",
  "[](é)",
  "[](😀)",
  "[](<>)",
  "[a](a.co) ",
  "![](https://a)",
  "*a*",
  "**a**",
  "~~a~~",
  "`a`",
  "```\n```\n",
  "    a\n",
  "&",
  "<",
  '"',
  "'",
  "\\&",
  "&lt;",
  "&amp;",
  "&#38;",
  "&quot;",
  "\n",
  "\t",
  "é",
  "€",
  "😀",
  "-\n",
  "- - - - ",
  "> - ",
  "> 1. ",
];

const ratio = (source: string) => byteLength(renderMarkdown(source)) / byteLength(source);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("the HTML size bound that lets the API skip rendering", () => {
  it("no construct, pair of constructs or random mix renders to more than the bound per byte", () => {
    const sources: string[] = [];
    for (const piece of PIECES) {
      for (const times of [1, 2, 5, 20, 21, 200]) sources.push(piece.repeat(times) + "a");
      for (const other of PIECES) sources.push((piece + other).repeat(10));
    }
    const next = random(12);
    for (let i = 0; i < 300; i++) {
      const length = 1 + Math.floor(next() * 60);
      sources.push(Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]).join(""));
    }
    const [worst, source] = sources
      .map((s) => [ratio(s), s] as const)
      .reduce((a, b) => (a[0] >= b[0] ? a : b));
    expect(worst, JSON.stringify(source)).toBeLessThanOrEqual(MAX_HTML_BYTES_PER_MARKDOWN_BYTE);
  });

  it("a body that renders over the cap is refused whether or not the bound is near the cap", () => {
    const cap = 4_096;
    // 20 nested quotes render 27 bytes per byte: the worst construct, just over the cap.
    const quotes = (">".repeat(20) + "a\n\n").repeat(8);
    expect(byteLength(renderMarkdown(quotes))).toBeGreaterThan(cap);
    expect(() => checkHtmlWithinCap(quotes, cap)).toThrow(HttpError);
    // A body whose worst case fits is accepted (and not rendered on the request path).
    const short = ">".repeat(Math.floor(cap / MAX_HTML_BYTES_PER_MARKDOWN_BYTE));
    expect(() => checkHtmlWithinCap(short, cap)).not.toThrow();
    expect(byteLength(renderMarkdown(short))).toBeLessThanOrEqual(cap);
  });
});
