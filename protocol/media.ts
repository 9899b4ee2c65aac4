import { z } from "zod";
import { EMBED_PROVIDERS, EMBED_URL_MAX, EMBEDS_MAX, isBuiltEmbed, readEmbedUrl } from "./embed-providers.js";
import { singleLineText } from "./text.js";

export const IMAGE_URL_MAX = 2048;
export const IMAGE_ALT_MAX = 300;
export const IMAGE_CAPTION_MAX = 300;
export const IMAGE_CREDIT_MAX = 200;
export const IMAGE_SIZE_MAX = 10_000;

/**
 * An absolute https URL, written out as such (no leading space, no relative or
 * protocol-relative form) and without credentials: the one kind of image source a reader's
 * browser is sent to, so a page served over https never loads mixed content.
 */
export function isHttpsUrl(value: string): boolean {
  if (!/^https:\/\/[^\s]+$/i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && !url.username && !url.password;
  } catch {
    return false;
  }
}

const nonEmpty = (s: string) => s.trim().length > 0;
const size = z.number().int().positive().max(IMAGE_SIZE_MAX);

/**
 * An entry's picture. `alt` is required: a picture that says something says it to screen
 * readers too. `width` and `height` (the image's own pixels) let the page reserve its box
 * before it loads, so the entries below do not jump.
 */
export const imageSchema = z.strictObject({
  url: singleLineText(IMAGE_URL_MAX).refine(isHttpsUrl, "must be an absolute https URL"),
  alt: singleLineText(IMAGE_ALT_MAX).refine(nonEmpty, "must not be empty (describe the picture)"),
  caption: singleLineText(IMAGE_CAPTION_MAX).optional(),
  credit: singleLineText(IMAGE_CREDIT_MAX).optional(),
  width: size.optional(),
  height: size.optional(),
});
export type EntryImage = z.infer<typeof imageSchema>;

/** One embed as an editor sends it: the post's URL, from an allowlisted provider. */
export const embedInputSchema = z.strictObject({
  url: z
    .string()
    .max(EMBED_URL_MAX)
    .superRefine((url, ctx) => {
      const read = readEmbedUrl(url);
      if (!read.ok) ctx.addIssue({ code: "custom", message: read.reason });
    }),
});

/** An entry's embeds as sent: at most {@link EMBEDS_MAX}; an empty list means none. */
export const embedsInputSchema = z.array(embedInputSchema).max(EMBEDS_MAX);

/**
 * An embed as stored and as readers get it (see `readEmbedUrl`): only what Herald itself
 * built from the URL is accepted.
 */
export const embedSchema = z
  .object({
    provider: z.enum(EMBED_PROVIDERS),
    url: z.string(),
    id: z.string().optional(),
    embedUrl: z.string(),
  })
  .refine(isBuiltEmbed, "is not an embed Herald built");
