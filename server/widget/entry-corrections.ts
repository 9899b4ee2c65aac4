import type { Entry } from "../../protocol/index.js";
import { escapeHtml } from "./html-text.js";

/**
 * schema.org `correction` of a corrected `BlogPosting`: one `CorrectionComment` per labelled
 * correction, oldest first, as search engines read a correction notice. None for silent fixes.
 */
export function correctionJsonLd(entry: Entry) {
  const corrections = entry.corrections ?? [];
  if (corrections.length === 0) return {};
  return {
    correction: corrections.map((c) => ({ "@type": "CorrectionComment", text: c.note, datePublished: c.at })),
  };
}

/** `2026-11-30T21:04:05.123Z` → `2026-11-30 21:04 UTC`: the page has no reader locale. */
export const utcMinute = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/**
 * The notes as HTML text for embed.html and the feeds: each note is escaped (an editor's
 * text, never markup), with its time.
 */
export function correctionNotesHtml(entry: Entry): string {
  return (entry.corrections ?? [])
    .map(
      (c) =>
        `<p class="correction"><strong>Correction</strong> (<time datetime="${escapeHtml(c.at)}">${escapeHtml(utcMinute(c.at))}</time>): ${escapeHtml(c.note)}</p>`,
    )
    .join("\n");
}
