import { z } from "zod";
import { entryPageSchema, entryPatchSchema, entrySchema, newEntrySchema } from "../entry.js";
import { idSchema } from "../ids.js";
import { draftSchema } from "../draft.js";
import { articleParams, entryParams } from "./params.js";
import { NOT_MODIFIED, json, type RouteDescriptor } from "./route.js";

/** The answer to every change that is queued: the entry it is about, and that it is queued. */
export const queuedSchema = z.object({ id: idSchema, articleId: idSchema, status: z.literal("queued") });

const queued = { 202: json(queuedSchema, "Accepted: queued, reaches readers in milliseconds") };

/**
 * `If-Match: "<version>"` (the entry's ETag): the change is made only if the entry is still at
 * that version, checked atomically with the change; the answer then waits for it.
 */
export const ifMatchHeaders = z.object({
  "If-Match": z
    .string()
    .regex(/^"[1-9][0-9]{0,14}"$/, 'must be the entry\'s ETag, a version in quotes: "3"')
    .transform((tag) => Number(tag.slice(1, -1)))
    .optional(),
});

/** The answers of a change that may carry `If-Match`. */
const conditional = {
  200: json(entrySchema, "With If-Match: applied; the entry as it now stands (its ETag is its version)"),
  ...queued,
};

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
  responses: {
    ...queued,
    201: json(draftSchema, "From a contributor token: kept as a draft until an editor publishes it"),
  },
  errors: ["article_not_found", "article_ended", "idempotency_key_reused", "entry_too_large"],
  contributor: true,
} as const satisfies RouteDescriptor;

export const patchEntry = {
  method: "patch",
  path: "/v1/articles/{articleId}/entries/{entryId}",
  summary: "Correct an entry",
  tag: "Entries",
  auth: "editor",
  params: entryParams,
  headers: ifMatchHeaders,
  body: { schema: entryPatchSchema, what: "correction" },
  responses: conditional,
  errors: ["entry_not_found", "entry_too_large", "precondition_failed"],
} as const satisfies RouteDescriptor;

export const deleteEntry = {
  method: "delete",
  path: "/v1/articles/{articleId}/entries/{entryId}",
  summary: "Retract an entry",
  tag: "Entries",
  auth: "editor",
  params: entryParams,
  headers: ifMatchHeaders,
  responses: conditional,
  errors: ["entry_not_found", "precondition_failed"],
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

export const getEntry = {
  method: "get",
  path: "/v1/articles/{articleId}/entries/{entryId}",
  summary: "One entry, with its version as ETag (for If-Match)",
  tag: "Entries",
  auth: "reader",
  params: entryParams,
  responses: {
    200: json(entrySchema, 'The entry; `ETag: "<version>"`'),
    304: { description: "Not modified: If-None-Match names the entry's current version" },
  },
  errors: ["entry_not_found"],
} as const satisfies RouteDescriptor;
