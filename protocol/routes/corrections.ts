import { articleCorrectionsSchema } from "../corrections.js";
import { articleParams } from "./params.js";
import { NOT_MODIFIED, json, type RouteDescriptor } from "./route.js";
import { z } from "zod";

export const listCorrections = {
  method: "get",
  path: "/v1/articles/{articleId}/corrections",
  summary: "The article's labelled corrections, newest first",
  tag: "Entries",
  auth: "reader",
  params: articleParams,
  query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  responses: { 200: json(articleCorrectionsSchema, "Corrections, newest first"), 304: NOT_MODIFIED },
} as const satisfies RouteDescriptor;
