import { z } from "zod";
import {
  articleIdSchema,
  entryIdSchema,
  ARTICLE_STATUSES,
  embedSchema,
  imageSchema,
} from "../protocol/index.js";

const author = z.object({ name: z.string() });
/**
 * `If-Match`: the entry's version the editor saw. Apply refuses the change (`stale`) when the
 * entry is at another version, in the same atomic step as the change, so two editors racing
 * on one version never both win.
 */
const ifVersion = z.number().int().positive().optional();
// Checked again here: a forged job cannot store an http image or an embed URL Herald did not build.
const embeds = z.array(embedSchema).min(1);

/**
 * One change to an article, as the HTTP API accepts it and the worker applies it (the job data).
 * `opId` makes apply idempotent: applying the same op twice changes the log once. It carries
 * Markdown only: apply renders the HTML, so anything that can write a job (Bull Board, Redis)
 * cannot store markup (an `html` key in old or forged jobs is stripped by the parse).
 */
export const operationSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("entry.create"),
    opId: z.string().min(1),
    articleId: articleIdSchema,
    entryId: entryIdSchema,
    acceptedAt: z.string(),
    /** Set when the editor scheduled or back-dated the entry; else the apply time is used. */
    publishAt: z.string().optional(),
    fields: z.object({
      body: z.string(),
      title: z.string().optional(),
      author: author.optional(),
      pinned: z.boolean(),
      keyEvent: z.boolean(),
      image: imageSchema.optional(),
      embeds: embeds.optional(),
    }),
  }),
  z.object({
    kind: z.literal("entry.update"),
    opId: z.string().min(1),
    articleId: articleIdSchema,
    entryId: entryIdSchema,
    acceptedAt: z.string(),
    patch: z.object({
      body: z.string().optional(),
      title: z.string().nullable().optional(),
      author: author.nullable().optional(),
      pinned: z.boolean().optional(),
      keyEvent: z.boolean().optional(),
      /** `null` removes. */
      image: imageSchema.nullable().optional(),
      /** `null` removes (the API sends `null` for an empty list too). */
      embeds: embeds.nullable().optional(),
      /** A labelled correction's public note; none for a silent fix. */
      correction: z.string().optional(),
    }),
    ifVersion,
  }),
  z.object({
    kind: z.literal("entry.delete"),
    opId: z.string().min(1),
    articleId: articleIdSchema,
    entryId: entryIdSchema,
    acceptedAt: z.string(),
    ifVersion,
  }),
  z.object({
    kind: z.literal("article.put"),
    opId: z.string().min(1),
    articleId: articleIdSchema,
    acceptedAt: z.string(),
    title: z.string(),
    status: z.enum(ARTICLE_STATUSES).optional(),
    private: z.boolean().optional(),
  }),
]);

export type Operation = z.infer<typeof operationSchema>;
export type OperationKind = Operation["kind"];

/** The op id of an entry's creation: derived from the entry id, so a retried POST cannot make two. */
export function createOpId(articleId: string, entryId: string): string {
  return `create|${articleId}|${entryId}`;
}
