import { describe, expect, it } from "vitest";
import { relativeTime, resolveLocale } from "../client-sdk/ticker/relative-time.js";
import { htmlToText, jsonForScript } from "../server/widget/html-text.js";
import { renderMarkdown } from "../article-log/render-markdown.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe("the ticker's relative times", () => {
  it("reads like a person would say it, in the page's language", () => {
    expect(relativeTime(ago(20), "en", NOW)).toBe("now");
    expect(relativeTime(ago(3 * 60 + 50), "en", NOW)).toBe("3 minutes ago");
    expect(relativeTime(ago(3600), "en", NOW)).toBe("1 hour ago");
    expect(relativeTime(ago(26 * 3600), "en", NOW)).toBe("yesterday");
    expect(relativeTime(ago(3 * 60), "de", NOW)).toBe("vor 3 Minuten");
    expect(relativeTime(ago(2 * 3600), "fr", NOW)).toBe("il y a 2 heures");
  });

  it("never says 'in 2 minutes' when the reader's clock runs behind the server's", () => {
    expect(relativeTime(ago(-120), "en", NOW)).toBe("now");
  });

  it("survives the lang values real pages declare", () => {
    expect(resolveLocale("en_US")).toBe("en-US");
    expect(resolveLocale("de")).toBe("de");
    expect(resolveLocale("", null, undefined)).toBe("en");
    expect(resolveLocale("not a tag!", "pt-BR")).toBe("pt-BR");
    expect(() => relativeTime(ago(60), resolveLocale("en_GB"), NOW)).not.toThrow();
  });
});

describe("the embed page's text", () => {
  it("turns an entry's rendered HTML into prose for JSON-LD", () => {
    const html = renderMarkdown(
      "**Breaking:** talks & *more* <b>\n\n- one\n- two\n\n[link](https://example.com)",
    );
    expect(htmlToText(html)).toBe("Breaking: talks & more <b>\none\ntwo\nlink");
  });

  it("keeps </script> and <!-- inside JSON-LD from ending the script element", () => {
    const json = jsonForScript({ headline: "</script><script>alert(1)</script><!--" });
    expect(json).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(json)).toEqual({ headline: "</script><script>alert(1)</script><!--" });
  });
});
