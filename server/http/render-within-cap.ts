import { byteLength, renderMarkdown } from "../../article-log/render-markdown.js";
import { HttpError } from "./http-error.js";

/**
 * The most HTML one byte of Markdown can become, with room to spare. The largest expansions
 * of the contract's subset (test/render-bound.test.ts tries each construct and their pairs):
 * a nested quote, `>` → `<blockquote>\n` + `</blockquote>\n`, 27 bytes per byte (nesting stops
 * at 20 levels); a link with empty text, `[](&)` → `<a href="&amp;" rel="noopener noreferrer
 * nofollow" target="_blank"></a>`, 16 per byte; a bare domain that linkify turns into a link,
 * 16 per byte. Text, entities and escapes stay under 6.
 */
export const MAX_HTML_BYTES_PER_MARKDOWN_BYTE = 32;

/**
 * Renders a body as the worker will, so that one whose HTML is over `maxBytes` is refused
 * before it is queued (linkify makes a body of bare URLs about 8× larger). Returns the HTML
 * for the preview.
 */
export function renderWithinCap(body: string, maxBytes: number): string {
  const html = renderMarkdown(body);
  const htmlBytes = byteLength(html);
  if (htmlBytes > maxBytes) {
    throw new HttpError(
      "entry_too_large",
      `The entry renders to ${htmlBytes} bytes of HTML, over the ${maxBytes} allowed; shorten it (a bare link counts twice: as the address and as the text)`,
      { htmlBytes, maxBytes },
    );
  }
  return html;
}

/**
 * Refuses a body whose HTML would be over `maxBytes`, rendering it only when it could be: a
 * body whose bytes times the worst expansion fit under the cap cannot render over it (with the
 * default cap, any body up to 2 KB, nearly every live-blog entry). The worker renders the stored
 * HTML anyway (HTML is never taken from a request), so rendering here too was work done twice
 * (7 % of a POST's CPU in the profile); now only the rare long body is rendered here.
 */
export function checkHtmlWithinCap(body: string, maxBytes: number): void {
  if (byteLength(body) * MAX_HTML_BYTES_PER_MARKDOWN_BYTE <= maxBytes) return;
  renderWithinCap(body, maxBytes);
}
