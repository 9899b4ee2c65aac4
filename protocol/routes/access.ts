import { z } from "zod";
import { auditRecordSchema } from "../audit.js";
import { idSchema } from "../ids.js";
import { articleParams } from "./params.js";
import { json, type RouteDescriptor } from "./route.js";

/** The longest a reader token may live: a day. */
export const READER_TOKEN_MAX_TTL_SECONDS = 86_400;

export const mintReaderToken = {
  method: "post",
  path: "/v1/articles/{articleId}/reader-tokens",
  summary: "Mint a reader token for a private article",
  tag: "Access",
  auth: "editor",
  params: articleParams,
  body: {
    schema: z
      .strictObject({
        ttlSeconds: z.number().int().min(60).max(READER_TOKEN_MAX_TTL_SECONDS).default(3_600),
      })
      .default({ ttlSeconds: 3_600 }),
    what: "reader token request",
  },
  responses: {
    201: json(z.object({ articleId: idSchema, token: z.string(), expiresAt: z.string() }), "Minted"),
  },
  errors: ["article_not_found"],
} as const satisfies RouteDescriptor;

const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z
    .string()
    .regex(/^\d{1,20}-\d{1,20}$/, "must be a record id from a previous page")
    .optional(),
});
const auditPage = { 200: json(z.object({ records: z.array(auditRecordSchema) }), "Newest first") };

// Read with the same token that may write the article.
export const articleAudit = {
  method: "get",
  path: "/v1/articles/{articleId}/audit",
  summary: "Who did what to an article",
  tag: "Access",
  auth: "editor",
  params: articleParams,
  query: auditQuery,
  responses: auditPage,
} as const satisfies RouteDescriptor;

export const audit = {
  method: "get",
  path: "/v1/audit",
  summary: "Who did what, everywhere",
  tag: "Access",
  auth: "operator",
  query: auditQuery,
  responses: auditPage,
} as const satisfies RouteDescriptor;
