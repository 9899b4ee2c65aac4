import { z } from "zod";
import { ENTRY_BODY_MAX } from "../entry.js";
import { idSchema } from "../ids.js";
import { articleParams, entryParams } from "./params.js";
import { json, type RouteDescriptor } from "./route.js";

// What the editor console needs beyond the contract: a preview rendered by the pipeline that
// publishes, and the scheduled entries of an article, which can be cancelled until they go out.

export const preview = {
  method: "post",
  path: "/v1/preview",
  summary: "Render Markdown exactly as a published entry would be",
  tag: "Editor",
  auth: "editor",
  // Not the entry's body schema: a draft may be empty while it is typed.
  body: { schema: z.strictObject({ body: z.string().max(ENTRY_BODY_MAX) }), what: "preview" },
  contributor: true,
  responses: { 200: json(z.object({ html: z.string() }), "The sanitised HTML") },
  errors: ["entry_too_large"],
} as const satisfies RouteDescriptor;

export const scheduledEntrySchema = z.object({
  id: idSchema,
  articleId: idSchema,
  publishAt: z.string().optional(),
  title: z.string().optional(),
  body: z.string(),
});

export const getScheduled = {
  method: "get",
  path: "/v1/articles/{articleId}/scheduled",
  summary: "Entries scheduled with publishAt that have not gone out",
  tag: "Editor",
  auth: "editor",
  params: articleParams,
  responses: { 200: json(z.object({ scheduled: z.array(scheduledEntrySchema) }), "Soonest first") },
} as const satisfies RouteDescriptor;

export const deleteScheduled = {
  method: "delete",
  path: "/v1/articles/{articleId}/scheduled/{entryId}",
  summary: "Cancel a scheduled entry before it goes out",
  tag: "Editor",
  auth: "editor",
  params: entryParams,
  responses: { 204: { description: "Cancelled" } },
  errors: ["entry_not_found"],
} as const satisfies RouteDescriptor;
