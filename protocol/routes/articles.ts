import { articleInputSchema, articleSchema, articleViewSchema } from "../article.js";
import { articleParams } from "./params.js";
import { NOT_MODIFIED, json, type RouteDescriptor } from "./route.js";

// Applied at once, not queued: an article must exist before entries can be posted to it.
export const putArticle = {
  method: "put",
  path: "/v1/articles/{articleId}",
  summary: "Create an article or change its title, status or privacy",
  tag: "Articles",
  auth: "editor",
  params: articleParams,
  body: { schema: articleInputSchema, what: "article" },
  responses: {
    200: json(articleSchema, "Changed (or unchanged)"),
    201: json(articleSchema, "Created"),
  },
} as const satisfies RouteDescriptor;

export const getArticle = {
  method: "get",
  path: "/v1/articles/{articleId}",
  summary: "An article, its head seq, pinned and key-event entries",
  tag: "Articles",
  auth: "reader",
  params: articleParams,
  responses: { 200: json(articleViewSchema, "The article"), 304: NOT_MODIFIED },
} as const satisfies RouteDescriptor;
