import { byteLength, renderMarkdown } from "../../article-log/render-markdown.js";
import { HttpError } from "./http-error.js";

/**
 * Renders a body as the worker will, so that one whose HTML is over `maxBytes` is refused
 * before it is queued (linkify makes a body of bare URLs about 8× larger). Returns the HTML
 * for the preview; entries are queued with their body only and rendered again by the worker.
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
