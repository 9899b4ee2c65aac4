import { z } from "zod";

export const AUDIT_ACTIONS = [
  "article.put",
  "entry.create",
  "entry.update",
  "entry.delete",
  "reader_token.create",
  // A contributor's draft (protocol/draft.ts): submitted, edited, then published or rejected.
  "draft.create",
  "draft.update",
  "draft.publish",
  "draft.reject",
] as const;

/** One record of the audit log (`GET /v1/audit`, `GET /v1/articles/:articleId/audit`). */
export const auditRecordSchema = z.object({
  /** The stream id: time-ordered, usable as a `before` cursor. */
  id: z.string(),
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  articleId: z.string(),
  entryId: z.string().optional(),
  /** Who: the editor token's id and name (never the token). */
  actor: z.object({ tokenId: z.string(), name: z.string() }),
  /** `draft.reject`: the editor's reason, when given. */
  reason: z.string().optional(),
  ip: z.string().optional(),
  /** `entry.update` with a labelled correction: its public note. */
  correction: z.string().optional(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;
