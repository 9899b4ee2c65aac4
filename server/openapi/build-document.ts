import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  extendZodWithOpenApi,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  articleInputSchema,
  articleSchema,
  articleViewSchema,
  entryPageSchema,
  entryPatchSchema,
  entrySchema,
  errorResponseSchema,
  idSchema,
  newEntrySchema,
  updateSchema,
  updatesPageSchema,
  ERROR_CODES,
} from "../../protocol/index.js";
import { auditRecordSchema } from "../audit/audit-log.js";
import { deliverySchema, webhookInputSchema, webhookSchema } from "../../protocol/index.js";

extendZodWithOpenApi(z);

type Method = RouteConfig["method"];
type Auth = "editor" | "operator" | "reader-or-public" | "public";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** Every error a route can answer, described once and referenced. */
function errors(...codes: (keyof typeof ERROR_CODES)[]) {
  const byStatus = new Map<number, string[]>();
  for (const code of codes)
    byStatus.set(ERROR_CODES[code], [...(byStatus.get(ERROR_CODES[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [status, json(errorResponseSchema, `Error: ${list.join(", ")}`)]),
  );
}

const COMMON = ["validation_failed", "rate_limited", "unavailable"] as const;
const WRITE = [
  ...COMMON,
  "invalid_json",
  "forbidden_key",
  "unsupported_media_type",
  "payload_too_large",
  "unauthorized",
  "forbidden",
] as const;

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the same zod schemas the server
 * validates with. `extra` lets other parts (the widget routes) add theirs.
 */
export function buildOpenApiDocument(options: { serverUrl?: string; version: string }) {
  const registry = new OpenAPIRegistry();
  // Inline, not registered as components: registering needs `.openapi()`, which zod 4
  // only gives schemas made after extendZodWithOpenApi, and protocol/ stays free of it.
  const schemas = {
    Entry: entrySchema,
    Article: articleSchema,
    ArticleView: articleViewSchema,
    Update: updateSchema,
    EntryPage: entryPageSchema,
    UpdatesPage: updatesPageSchema,
    Error: errorResponseSchema,
    NewEntry: newEntrySchema,
    EntryPatch: entryPatchSchema,
    ArticleInput: articleInputSchema,
    Webhook: webhookSchema,
    WebhookInput: webhookInputSchema,
    Delivery: deliverySchema,
    AuditRecord: auditRecordSchema,
  };
  const editor = registry.registerComponent("securitySchemes", "editorToken", {
    type: "http",
    scheme: "bearer",
    description:
      "An editor token (hrld_…) from `npm run token -- create`; scope patterns limit which articles it may write.",
  });
  const reader = registry.registerComponent("securitySchemes", "readerToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A reader token for one private article, from POST /v1/articles/{articleId}/reader-tokens.",
  });
  const operator = registry.registerComponent("securitySchemes", "operatorBasic", {
    type: "http",
    scheme: "basic",
    description:
      "Any user name; an operator token (npm run token -- create … --operator) as the password (or Bearer).",
  });
  const security: Record<Auth, RouteConfig["security"]> = {
    editor: [{ [editor.name]: [] }],
    operator: [{ [editor.name]: [] }, { [operator.name]: [] }],
    "reader-or-public": [{}, { [reader.name]: [] }, { [editor.name]: [] }],
    public: [],
  };
  const articleParams = z.object({ articleId: idSchema });
  const entryParams = z.object({ articleId: idSchema, entryId: idSchema });
  const webhookParams = z.object({ id: z.string() });

  const route = (
    method: Method,
    path: string,
    auth: Auth,
    summary: string,
    rest: Omit<RouteConfig, "method" | "path" | "summary">,
  ) =>
    registry.registerPath({
      method,
      path,
      summary,
      security: security[auth],
      tags: [rest.tags?.[0] ?? "Articles"],
      ...rest,
    });

  route(
    "put",
    "/v1/articles/{articleId}",
    "editor",
    "Create an article or change its title, status or privacy",
    {
      request: {
        params: articleParams,
        body: { content: { "application/json": { schema: schemas.ArticleInput } } },
      },
      responses: {
        200: json(schemas.Article, "Changed (or unchanged)"),
        201: json(schemas.Article, "Created"),
        ...errors(...WRITE),
      },
    },
  );
  route(
    "get",
    "/v1/articles/{articleId}",
    "reader-or-public",
    "An article, its head seq, pinned and key-event entries",
    {
      request: { params: articleParams },
      responses: {
        200: json(schemas.ArticleView, "The article"),
        ...errors(...COMMON, "article_not_found", "unauthorized"),
      },
    },
  );
  route(
    "post",
    "/v1/articles/{articleId}/entries",
    "editor",
    "Post an entry (queued; reaches readers in milliseconds)",
    {
      tags: ["Entries"],
      request: {
        params: articleParams,
        headers: z.object({ "Idempotency-Key": z.string().max(255).optional() }),
        body: { content: { "application/json": { schema: schemas.NewEntry } } },
      },
      responses: {
        202: json(z.object({ id: idSchema, articleId: idSchema, status: z.literal("queued") }), "Accepted"),
        ...errors(
          ...WRITE,
          "article_not_found",
          "article_ended",
          "idempotency_key_reused",
          "entry_too_large",
        ),
      },
    },
  );
  route("patch", "/v1/articles/{articleId}/entries/{entryId}", "editor", "Correct an entry", {
    tags: ["Entries"],
    request: {
      params: entryParams,
      body: { content: { "application/json": { schema: schemas.EntryPatch } } },
    },
    responses: {
      202: json(z.object({ id: idSchema, articleId: idSchema, status: z.literal("queued") }), "Accepted"),
      ...errors(...WRITE, "entry_not_found", "entry_too_large"),
    },
  });
  route("delete", "/v1/articles/{articleId}/entries/{entryId}", "editor", "Retract an entry", {
    tags: ["Entries"],
    request: { params: entryParams },
    responses: {
      202: json(z.object({ id: idSchema, articleId: idSchema, status: z.literal("queued") }), "Accepted"),
      ...errors(...COMMON, "unauthorized", "forbidden", "entry_not_found"),
    },
  });
  route(
    "get",
    "/v1/articles/{articleId}/entries",
    "reader-or-public",
    "Entries, newest first, paged by cursor",
    {
      tags: ["Entries"],
      request: {
        params: articleParams,
        query: z.object({
          limit: z.number().int().min(1).max(100).optional(),
          before: z.string().optional(),
        }),
      },
      responses: {
        200: json(schemas.EntryPage, "A page"),
        ...errors(...COMMON, "article_not_found", "unauthorized"),
      },
    },
  );
  route("get", "/v1/articles/{articleId}/updates", "reader-or-public", "The log after a seq (catch-up)", {
    tags: ["Entries"],
    request: {
      params: articleParams,
      query: z.object({
        since: z.number().int().min(0),
        epoch: z.string().optional(),
        limit: z.number().int().min(1).max(500).optional(),
      }),
    },
    responses: {
      200: json(schemas.UpdatesPage, "The updates after since, oldest first"),
      ...errors(...COMMON, "article_not_found", "unauthorized", "history_expired"),
    },
  });
  route(
    "post",
    "/v1/articles/{articleId}/reader-tokens",
    "editor",
    "Mint a reader token for a private article",
    {
      tags: ["Access"],
      request: {
        params: articleParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({ ttlSeconds: z.number().int().min(60).max(86_400).optional() }),
            },
          },
        },
      },
      responses: {
        201: json(z.object({ articleId: idSchema, token: z.string(), expiresAt: z.string() }), "Minted"),
        ...errors(...WRITE, "article_not_found"),
      },
    },
  );
  const auditPage = json(z.object({ records: z.array(schemas.AuditRecord) }), "Newest first");
  const auditQuery = z.object({
    limit: z.number().int().min(1).max(500).optional(),
    before: z.string().optional(),
  });
  route("get", "/v1/articles/{articleId}/audit", "editor", "Who did what to an article", {
    tags: ["Access"],
    request: { params: articleParams, query: auditQuery },
    responses: { 200: auditPage, ...errors(...COMMON, "unauthorized", "forbidden") },
  });
  route("get", "/v1/audit", "operator", "Who did what, everywhere", {
    tags: ["Access"],
    request: { query: auditQuery },
    responses: { 200: auditPage, ...errors(...COMMON, "unauthorized", "forbidden") },
  });
  route("post", "/v1/webhooks", "operator", "Subscribe a URL to events (the secret is shown once)", {
    tags: ["Webhooks"],
    request: { body: { content: { "application/json": { schema: schemas.WebhookInput } } } },
    responses: { 201: json(schemas.Webhook, "Created, with its signing secret"), ...errors(...WRITE) },
  });
  const listedWebhook = webhookSchema.omit({ secret: true });
  route("get", "/v1/webhooks", "operator", "List webhooks", {
    tags: ["Webhooks"],
    responses: {
      200: json(z.object({ webhooks: z.array(listedWebhook) }), "Webhooks"),
      ...errors(...COMMON, "unauthorized", "forbidden"),
    },
  });
  route("get", "/v1/webhooks/{id}", "operator", "One webhook", {
    tags: ["Webhooks"],
    request: { params: webhookParams },
    responses: {
      200: json(listedWebhook, "The webhook"),
      ...errors(...COMMON, "unauthorized", "forbidden", "not_found"),
    },
  });
  route("delete", "/v1/webhooks/{id}", "operator", "Remove a webhook", {
    tags: ["Webhooks"],
    request: { params: webhookParams },
    responses: {
      204: { description: "Removed" },
      ...errors(...COMMON, "unauthorized", "forbidden", "not_found"),
    },
  });
  route("get", "/v1/webhooks/{id}/deliveries", "operator", "The delivery log: every attempt, newest first", {
    tags: ["Webhooks"],
    request: {
      params: webhookParams,
      query: z.object({ limit: z.number().int().min(1).max(500).optional() }),
    },
    responses: {
      200: json(z.object({ deliveries: z.array(schemas.Delivery) }), "Attempts"),
      ...errors(...COMMON, "unauthorized", "forbidden", "not_found"),
    },
  });
  const text = (description: string) => ({ description, content: { "text/plain": { schema: z.string() } } });
  route("get", "/healthz", "public", "Liveness", {
    tags: ["Operations"],
    responses: { 200: json(z.object({ ok: z.literal(true) }), "The process is up") },
  });
  const readiness = z.object({
    ok: z.boolean(),
    checks: z.object({ redis: z.boolean(), queue: z.boolean(), draining: z.boolean() }),
  });
  route("get", "/readyz", "public", "Readiness: Redis reachable, queue open, not draining", {
    tags: ["Operations"],
    responses: { 200: json(readiness, "Ready"), 503: json(readiness, "Not ready") },
  });
  route("get", "/metrics", "public", "Prometheus metrics (keep off the public internet)", {
    tags: ["Operations"],
    responses: { 200: text("Prometheus text format") },
  });
  route("get", "/admin/queues", "operator", "The queue dashboard (Bull Board), when QUEUE_DASHBOARD=on", {
    tags: ["Operations"],
    responses: { 200: { description: "An HTML page" }, ...errors("unauthorized", "forbidden", "not_found") },
  });
  const html = (description: string) => ({ description, content: { "text/html": { schema: z.string() } } });
  route(
    "get",
    "/sdk/{file}",
    "public",
    "The ticker: herald.js (script tag), herald.mjs (ES module), or herald.<hash>.js|mjs (immutable)",
    {
      tags: ["Widget"],
      request: { params: z.object({ file: z.string().regex(/^herald(\.[0-9a-f]{10})?\.(js|mjs)$/) }) },
      responses: {
        200: { description: "JavaScript", content: { "text/javascript": { schema: z.string() } } },
        304: { description: "Not modified (ETag)" },
        ...errors("not_found", "unavailable"),
      },
    },
  );
  route("get", "/sdk/manifest.json", "public", "The hashed (immutable) names of the current bundles", {
    tags: ["Widget"],
    responses: { 200: json(z.object({ script: z.string(), module: z.string() }), "Paths") },
  });
  route(
    "get",
    "/v1/articles/{articleId}/embed.html",
    "reader-or-public",
    "The entries as HTML with LiveBlogPosting JSON-LD",
    {
      tags: ["Widget"],
      request: { params: articleParams },
      responses: { 200: html("An HTML page"), ...errors(...COMMON, "article_not_found", "unauthorized") },
    },
  );
  route("get", "/demo/{articleId}", "public", "A demo page with one ticker", {
    tags: ["Widget"],
    request: { params: articleParams },
    responses: { 200: html("An HTML page"), ...errors("validation_failed") },
  });
  route("get", "/demo/demo.css", "public", "The demo page's stylesheet", {
    tags: ["Widget"],
    responses: { 200: { description: "CSS", content: { "text/css": { schema: z.string() } } } },
  });
  route("post", "/v1/preview", "editor", "Render Markdown exactly as a published entry would be", {
    tags: ["Editor"],
    request: {
      body: { content: { "application/json": { schema: z.object({ body: z.string().max(20_000) }) } } },
    },
    responses: {
      200: json(z.object({ html: z.string() }), "The sanitised HTML"),
      ...errors(...WRITE, "entry_too_large"),
    },
  });
  const scheduledEntry = z.object({
    id: idSchema,
    articleId: idSchema,
    publishAt: z.string().optional(),
    title: z.string().optional(),
    body: z.string(),
  });
  route(
    "get",
    "/v1/articles/{articleId}/scheduled",
    "editor",
    "Entries scheduled with publishAt that have not gone out",
    {
      tags: ["Editor"],
      request: { params: articleParams },
      responses: {
        200: json(z.object({ scheduled: z.array(scheduledEntry) }), "Soonest first"),
        ...errors(...COMMON, "unauthorized", "forbidden"),
      },
    },
  );
  route(
    "delete",
    "/v1/articles/{articleId}/scheduled/{entryId}",
    "editor",
    "Cancel a scheduled entry before it goes out",
    {
      tags: ["Editor"],
      request: { params: entryParams },
      responses: {
        204: { description: "Cancelled" },
        ...errors(...COMMON, "unauthorized", "forbidden", "entry_not_found"),
      },
    },
  );
  route("get", "/editor", "public", "The editor console (sign in with an editor token)", {
    tags: ["Editor"],
    responses: { 200: html("An HTML page") },
  });
  route("get", "/editor/app.js", "public", "The editor console's script", {
    tags: ["Editor"],
    responses: { 200: { description: "JavaScript", content: { "text/javascript": { schema: z.string() } } } },
  });
  route("get", "/editor/editor.css", "public", "The editor console's stylesheet", {
    tags: ["Editor"],
    responses: { 200: { description: "CSS", content: { "text/css": { schema: z.string() } } } },
  });
  route("get", "/openapi.json", "public", "This document", {
    tags: ["Operations"],
    responses: { 200: { description: "OpenAPI 3.1" } },
  });
  route("get", "/docs", "public", "Browsable API documentation", {
    tags: ["Operations"],
    responses: { 200: { description: "An HTML page" } },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Herald",
      version: options.version,
      description:
        "Live updates for newsrooms. Editors post entries; readers receive them over Socket.IO (namespace /live: subscribe, unsubscribe, update, unsubscribed; see docs/api.md). Errors are { error: { code, message, details? } }.",
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [
      { name: "Articles" },
      { name: "Entries" },
      { name: "Access", description: "Reader tokens for private articles, and the audit log" },
      { name: "Webhooks", description: "Outgoing webhooks, signed per Standard Webhooks" },
      { name: "Editor", description: "What the editor console uses: preview and scheduled entries" },
      { name: "Widget", description: "The <live-ticker> script, the embed page and the demo" },
      { name: "Operations" },
    ],
  });
}
