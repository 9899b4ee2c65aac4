import express, { type Express, type Request } from "express";
import cors from "cors";
import helmet from "helmet";
import { articleRoutes } from "./routes/articles.js";
import { entryRoutes } from "./routes/entries.js";
import { draftRoutes } from "./routes/drafts.js";
import { correctionRoutes } from "./routes/corrections.js";
import { updateRoutes } from "./routes/updates.js";
import { healthRoutes } from "./routes/health.js";
import { queueDashboardRoutes } from "./routes/queue-dashboard.js";
import { accessRoutes } from "./routes/access.js";
import { webhookRoutes } from "./routes/webhooks.js";
import { editorSupportRoutes } from "./routes/editor-support.js";
import { apiDocsRoutes } from "./routes/api-docs.js";
import { widgetRoutes } from "./routes/widget.js";
import { feedRoutes } from "./routes/feeds.js";
import { editorRoutes } from "./routes/editor.js";
import { bearerToken } from "../auth/editor-guard.js";
import { POLL_INTERVAL_HEADER } from "../../protocol/connect-refusal.js";
import { limitRequests } from "./guards.js";
import { createErrorHandler, notFound } from "./error-handler.js";
import { requestLog } from "./request-log.js";
import type { AppDeps } from "./app-deps.js";

/** Allowed origins from `CORS_ORIGINS`: `*` or a comma-separated list. */
export function corsOrigins(setting: string): string[] | "*" {
  const list = setting
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return list.includes("*") ? "*" : list;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * What the per-IP read budget counts: every /v1 request, HEAD included (express answers it
 * with the GET handler) and writes without a token, except CORS preflights and writes that
 * carry a token, which the editor guard limits per token (a newsroom's editors share one IP).
 */
function countsAsRead(req: Request): boolean {
  if (req.method === "OPTIONS") return false;
  return !(WRITE_METHODS.has(req.method) && bearerToken(req.headers.authorization) !== null);
}

/** The HTTP API as an express app, with no listen: the server and tests mount it. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", deps.config.TRUST_PROXY);
  app.set("query parser", "simple");
  app.use(requestLog(deps.logger));
  app.use(
    helmet({
      // The API, the widget script and the embed page are meant to be used from other sites.
      crossOriginResourcePolicy: { policy: "cross-origin" },
      // No page may be framed (clickjacking of /editor, /docs, /admin/queues), except the
      // embed and demo pages, which the widget routes open up (allowFraming).
      frameguard: { action: "deny" },
      contentSecurityPolicy: {
        directives: {
          "frame-ancestors": ["'none'"],
          // Entries may show images from any https host; nothing else is loaded from elsewhere.
          "img-src": ["'self'", "https:", "data:"],
          // An embedded post loads, after the reader's click, in a sandboxed frame of the
          // provider's embed URL (protocol/embed-providers.ts; Mastodon on any public host).
          "frame-src": ["'self'", "https:"],
          // Herald may run on plain HTTP behind a TLS-terminating proxy, or on a laptop.
          "upgrade-insecure-requests": null,
        },
      },
    }),
  );
  const origins = corsOrigins(deps.config.CORS_ORIGINS);
  app.use(
    cors({
      origin: origins === "*" ? "*" : origins,
      methods: ["GET", "HEAD", "PUT", "POST", "PATCH", "DELETE"],
      allowedHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "If-Match"],
      // Herald-Poll-Interval: a polling widget on another origin must be able to read it.
      // ETag: an entry's version, which an editor on another origin sends back as If-Match.
      exposedHeaders: ["Location", "Retry-After", "ETag", POLL_INTERVAL_HEADER],
      maxAge: 600,
    }),
  );
  app.use(healthRoutes(deps));
  // Public reads, per client IP (editor writes are limited per token by the editor guard).
  const limitReads = limitRequests(deps.limits.reads, "requests", (req) => req.ip ?? "unknown");
  app.use("/v1", (req, res, next) => (countsAsRead(req) ? limitReads(req, res, next) : next()));
  app.use(articleRoutes(deps));
  app.use(entryRoutes(deps));
  app.use(draftRoutes(deps));
  app.use(correctionRoutes(deps));
  app.use(updateRoutes(deps));
  app.use(accessRoutes(deps));
  app.use(webhookRoutes(deps));
  app.use(editorSupportRoutes(deps));
  app.use(apiDocsRoutes(deps));
  app.use(widgetRoutes(deps));
  app.use(feedRoutes(deps));
  app.use(editorRoutes(deps));
  app.use(queueDashboardRoutes(deps));
  app.use(notFound);
  app.use(createErrorHandler(deps.logger));
  return app;
}
