import { z } from "zod";
import { articleIdSchema } from "./ids.js";
import { entrySchema } from "./entry.js";
import { singleLineText } from "./text.js";

export const ARTICLE_STATUSES = ["live", "ended"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** `PUT /v1/articles/:articleId` body. */
export const articleInputSchema = z.strictObject({
  title: singleLineText(300).refine((s) => s.trim().length > 0, "must not be empty"),
  status: z.enum(ARTICLE_STATUSES).optional(),
  /** Private articles are read only with a reader token (`POST …/reader-tokens`). Kept when omitted. */
  private: z.boolean().optional(),
});
export type ArticleInput = z.infer<typeof articleInputSchema>;

export const articleSchema = z.object({
  id: articleIdSchema,
  title: z.string(),
  status: z.enum(ARTICLE_STATUSES),
  /** Names one life of the article's log; a new epoch means seqs from an older one mean nothing. */
  epoch: z.string(),
  /** The head of the log: the seq of the last change. */
  seq: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().optional(),
  /** Present (true) on private articles. */
  private: z.literal(true).optional(),
});
export type Article = z.infer<typeof articleSchema>;

/**
 * "N reading now": sockets subscribed to the article across every server process, as counted
 * by each every `READER_COUNT_INTERVAL_MS`. Approximate: a few seconds behind, and readers
 * on the HTTP polling fallback are not counted.
 */
export const articleReadersSchema = z.object({
  now: z.number().int().nonnegative(),
  /** When the count was taken (ISO 8601). */
  at: z.string(),
});
export type ArticleReaders = z.infer<typeof articleReadersSchema>;

/** `GET /v1/articles/:articleId` response. */
export const articleViewSchema = articleSchema.extend({
  pinned: z.array(entrySchema),
  keyEvents: z.array(entrySchema),
  readers: articleReadersSchema,
});
export type ArticleView = z.infer<typeof articleViewSchema>;
