import { z } from "zod";
import { articleIdSchema } from "./ids.js";
import { entrySchema } from "./entry.js";
import { articleSchema } from "./article.js";

export const ENTRY_UPDATE_TYPES = ["entry.created", "entry.updated", "entry.deleted"] as const;

const base = {
  articleId: articleIdSchema,
  /** The log's epoch: a client holding another epoch must resync instead of applying this. */
  epoch: z.string(),
  seq: z.number().int().positive(),
  at: z.string(),
  /**
   * Set when the article was private as this change was applied: servers send it only to
   * readers holding a reader token, even if it arrives before the change that made it private.
   */
  private: z.literal(true).optional(),
};

/** One change to an article: a record in its log, and the live `update` message. */
export const updateSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.enum(ENTRY_UPDATE_TYPES), entry: entrySchema }),
  z.object({ ...base, type: z.literal("article.updated"), article: articleSchema }),
]);
export type Update = z.infer<typeof updateSchema>;
export type EntryUpdate = Extract<Update, { entry: unknown }>;
export type ArticleUpdate = Extract<Update, { type: "article.updated" }>;

/**
 * The live `updates` message: updates of one article that came within one batch window,
 * in seq order, in one frame (sent to clients that announced batches; see names.ts).
 */
export const updateBatchSchema = z.object({
  articleId: articleIdSchema,
  updates: z.array(updateSchema).min(1),
});
export type UpdateBatch = z.infer<typeof updateBatchSchema>;

/**
 * `GET /v1/articles/:articleId/updates` response: the log after `since`, oldest first. It may
 * end before `seq` (`limit` and a bytes cap): ask again with `since` = its last seq.
 */
export const updatesPageSchema = z.object({
  epoch: z.string(),
  /** The head of the log when read. */
  seq: z.number().int().nonnegative(),
  updates: z.array(updateSchema),
});
export type UpdatesPage = z.infer<typeof updatesPageSchema>;
