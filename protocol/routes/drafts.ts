import { z } from "zod";
import { draftPatchSchema, draftRejectSchema, draftSchema, TOKEN_ROLES } from "../draft.js";
import { idSchema } from "../ids.js";
import { articleParams } from "./params.js";
import { json, type RouteDescriptor } from "./route.js";
import { queuedSchema } from "./entries.js";

// Contributors' entries wait as drafts (protocol/draft.ts) until an editor publishes or rejects
// them. A contributor submits with `POST …/entries` (answered 201 with the draft) and may list
// and edit its own drafts; an editor sees and acts on all of the article's.

export const draftParams = z.object({ articleId: idSchema, draftId: idSchema });

const NO_DRAFT = ["not_found"] as const;

export const listDrafts = {
  method: "get",
  path: "/v1/articles/{articleId}/drafts",
  summary: "Drafts waiting for an editor, oldest first (a contributor sees its own)",
  tag: "Drafts",
  auth: "editor",
  contributor: true,
  params: articleParams,
  responses: { 200: json(z.object({ drafts: z.array(draftSchema) }), "Oldest first") },
} as const satisfies RouteDescriptor;

export const patchDraft = {
  method: "patch",
  path: "/v1/articles/{articleId}/drafts/{draftId}",
  summary: "Edit a draft (a contributor, only its own)",
  tag: "Drafts",
  auth: "editor",
  contributor: true,
  params: draftParams,
  body: { schema: draftPatchSchema, what: "draft" },
  responses: { 200: json(draftSchema, "The draft as it now stands") },
  errors: [...NO_DRAFT, "entry_too_large"],
} as const satisfies RouteDescriptor;

export const publishDraft = {
  method: "post",
  path: "/v1/articles/{articleId}/drafts/{draftId}/publish",
  summary: "Publish a draft: it becomes an entry with the same id, keeping its author",
  tag: "Drafts",
  auth: "editor",
  params: draftParams,
  responses: { 202: json(queuedSchema, "Accepted: queued as the entry `id`") },
  errors: [...NO_DRAFT, "article_not_found", "article_ended", "entry_too_large"],
} as const satisfies RouteDescriptor;

export const rejectDraft = {
  method: "post",
  path: "/v1/articles/{articleId}/drafts/{draftId}/reject",
  summary: "Reject a draft, with an optional reason for the audit log; it is deleted",
  tag: "Drafts",
  auth: "editor",
  params: draftParams,
  body: { schema: draftRejectSchema, what: "rejection" },
  responses: { 204: { description: "Rejected and deleted" } },
  errors: NO_DRAFT,
} as const satisfies RouteDescriptor;

/** What the console needs to know of its own token. */
export const tokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(TOKEN_ROLES),
  articles: z.array(z.string()),
});

export const getOwnToken = {
  method: "get",
  path: "/v1/token",
  summary: "The calling token's name, role and article patterns (never the token)",
  tag: "Editor",
  auth: "editor",
  contributor: true,
  responses: { 200: json(tokenInfoSchema, "The token") },
} as const satisfies RouteDescriptor;
