import { z } from "zod";
import { idSchema } from "./ids.js";
import { entryPatchSchema, newEntrySchema } from "./entry.js";

/**
 * Token roles. An `editor` writes articles; a `contributor` (a freelancer, a stringer) may only
 * submit entries, which wait as drafts until an editor publishes or rejects them.
 */
export const TOKEN_ROLES = ["editor", "contributor"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/**
 * A contributor's entry waiting for an editor. Kept apart from the article's log: readers,
 * the socket, updates, feeds, embed.html and webhooks never see it. Published, it becomes an
 * entry with the same id.
 */
export const draftSchema = z.object({
  id: idSchema,
  articleId: idSchema,
  /** The entry as submitted, then as edited; what a publish posts. */
  entry: newEntrySchema,
  /** The contributor's token: its id and name (never the token). */
  submittedBy: z.object({ tokenId: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Draft = z.infer<typeof draftSchema>;

function withoutCorrection<S extends { correction: unknown }>(shape: S): Omit<S, "correction"> {
  const fields: Partial<S> = { ...shape };
  delete fields.correction;
  return fields as Omit<S, "correction">;
}

/**
 * `PATCH …/drafts/:draftId`: the fields of a new entry to change; `null` removes an optional
 * one. No correction note: a draft has had no readers to tell.
 */
export const draftPatchSchema = z
  .strictObject(withoutCorrection(entryPatchSchema.shape))
  .refine((p) => Object.keys(p).length > 0, "an edit must change at least one field");
export type DraftPatch = z.infer<typeof draftPatchSchema>;

/** `POST …/drafts/:draftId/reject`: an optional reason, kept in the audit log. */
export const draftRejectSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(500).optional() })
  .default({});
