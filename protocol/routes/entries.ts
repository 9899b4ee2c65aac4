import { z } from "zod";
import { entryPageSchema, entryPatchSchema, newEntrySchema } from "../entry.js";
import { idSchema } from "../ids.js";
import { articleParams, entryParams } from "./params.js";
import { NOT_MODIFIED, json, type RouteDescriptor } from "./route.js";

/** The answer to every change that is queued: the entry it is about, and that it is queued. */
export const queuedSchema = z.object({ id: idSchema, articleId: idSchema, status: z.literal("queued") });

const queued = { 202: json(queuedSchema, "Accepted: queued, reaches readers in milliseconds") };

export const postEntry = {
  method: "post",
  path: "/v1/articles/{articleId}/entries",
  summary: "Post an entry (queued; reaches readers in milliseconds)",
  tag: "Entries",
  auth: "editor",
  params: articleParams,
  headers: z.object({
    /** The same key (per token and article) never makes two entries. */
    "Idempotency-Key": z
      .string()
      .regex(/^[\x21-\x7E]{1,255}$/, "must be 1-255 printable ASCII characters")
      .optional(),
  }),
  body: { schema: newEntrySchema, what: "entry" },
  responses: queued,
  errors: ["article_not_found", "article_ended", "idempotency_key_reused", "entry_too_large"],
} as const satisfies RouteDescriptor;

export const patchEntry = {
  method: "patch",
  path: "/v1/articles/{articleId}/entries/{entryId}",
  summary: "Correct an entry",
  tag: "Entries",
  auth: "editor",
  params: entryParams,
  body: { schema: entryPatchSchema, what: "correction" },
  responses: queued,
  errors: ["entry_not_found", "entry_too_large"],
} as const satisfies RouteDescriptor;

export const deleteEntry = {
  method: "delete",
  path: "/v1/articles/{articleId}/entries/{entryId}",
  summary: "Retract an entry",
  tag: "Entries",
  auth: "editor",
  params: entryParams,
  responses: queued,
  errors: ["entry_not_found"],
} as const satisfies RouteDescriptor;

export const listEntries = {
  method: "get",
  path: "/v1/articles/{articleId}/entries",
  summary: "Entries, newest first, paged by cursor",
  tag: "Entries",
  auth: "reader",
  params: articleParams,
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    before: z
      .string()
      .regex(/^\d{1,20}$/, "must be a cursor from a previous page")
      .optional(),
  }),
  responses: { 200: json(entryPageSchema, "A page"), 304: NOT_MODIFIED },
} as const satisfies RouteDescriptor;
