import { z } from "zod";
import { articleIdSchema, entryIdSchema } from "./ids.js";
import { multilineText, singleLineText } from "./text.js";
import { embedSchema, embedsInputSchema, imageSchema } from "./media.js";

export const ENTRY_BODY_MAX = 20_000;
export const ENTRY_TITLE_MAX = 300;
export const AUTHOR_NAME_MAX = 100;
/** A correction's public note: one line, shown to readers beside the entry. */
export const CORRECTION_NOTE_MAX = 500;

const bodySchema = multilineText(ENTRY_BODY_MAX).refine((s) => s.trim().length > 0, "must not be empty");
const titleSchema = singleLineText(ENTRY_TITLE_MAX);
const authorSchema = z.strictObject({
  name: singleLineText(AUTHOR_NAME_MAX).refine((s) => s.trim().length > 0, "must not be empty"),
});

/** `POST /v1/articles/:articleId/entries` body. `body` is Markdown. */
export const newEntrySchema = z.strictObject({
  body: bodySchema,
  title: titleSchema.optional(),
  author: authorSchema.optional(),
  pinned: z.boolean().optional(),
  keyEvent: z.boolean().optional(),
  /** ISO 8601 time; in the future it schedules the entry, in the past it back-dates it. */
  publishAt: z.iso.datetime({ offset: true }).optional(),
  /** A picture with its alt text (protocol/media.ts). */
  image: imageSchema.optional(),
  /** Posts and videos by URL, from the allowlisted providers (protocol/embed-providers.ts). */
  embeds: embedsInputSchema.optional(),
});
export type NewEntry = z.infer<typeof newEntrySchema>;

/** `PATCH /v1/articles/:articleId/entries/:entryId` body: a correction. `null` removes an optional field. */
export const entryPatchSchema = z
  .strictObject({
    body: bodySchema.optional(),
    title: titleSchema.nullable().optional(),
    author: authorSchema.nullable().optional(),
    pinned: z.boolean().optional(),
    keyEvent: z.boolean().optional(),
    image: imageSchema.nullable().optional(),
    embeds: embedsInputSchema.nullable().optional(),
    /**
     * A public note ("An earlier version misstated the time of the vote."): the entry is then
     * labelled corrected for readers. Without it the change is a silent fix. Alone, it labels
     * an entry that was already fixed.
     */
    correction: singleLineText(CORRECTION_NOTE_MAX)
      .refine((s) => s.trim().length > 0, "must not be empty")
      .optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "a correction must change at least one field");
export type EntryPatch = z.infer<typeof entryPatchSchema>;

/** One labelled correction of an entry: its public note and when it was applied. */
export const correctionSchema = z.object({ note: z.string(), at: z.string() });
export type Correction = z.infer<typeof correctionSchema>;

/** An entry as readers get it. A retracted entry keeps its id and seq but no content. */
export const entrySchema = z.object({
  id: entryIdSchema,
  articleId: articleIdSchema,
  /** The seq of the last change to this entry. */
  seq: z.number().int().positive(),
  title: z.string().optional(),
  /** The Markdown source. */
  body: z.string(),
  /** `body` rendered once, on the server, to sanitised HTML: the only thing a page may render. */
  html: z.string(),
  author: z.object({ name: z.string() }).optional(),
  pinned: z.boolean(),
  keyEvent: z.boolean(),
  publishedAt: z.string(),
  updatedAt: z.string().optional(),
  deleted: z.boolean().optional(),
  /**
   * 1 at creation, +1 on each change: the entry's `ETag` (`"<version>"`), which `If-Match`
   * names to refuse a change made over another editor's. Always set by the log; absent only
   * on entries stored before versions existed, which count as 1 (see {@link entryVersion}).
   */
  version: z.number().int().positive().optional(),
  /** Labelled corrections, oldest first; absent when there are none (silent fixes add none). */
  corrections: z.array(correctionSchema).optional(),
  image: imageSchema.optional(),
  /** Each normalised by the server to the provider's own embed URL; absent when none. */
  embeds: z.array(embedSchema).optional(),
});
export type Entry = z.infer<typeof entrySchema>;

/** An entry's version: what its ETag names and `If-Match` is compared with. */
export const entryVersion = (entry: Pick<Entry, "version">): number => entry.version ?? 1;

/** `GET /v1/articles/:articleId/entries` response: newest first. */
export const entryPageSchema = z.object({
  entries: z.array(entrySchema),
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  nextCursor: z.string().optional(),
});
export type EntryPage = z.infer<typeof entryPageSchema>;
