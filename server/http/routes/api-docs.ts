import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { Router } from "express";
import { ROUTES } from "../../../protocol/routes/index.js";
import { apiDocsPage, apiDocsScript, openApiDocument } from "../../../protocol/routes/operations.js";
import { routeMounter } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";

const require = createRequire(import.meta.url);
const SWAGGER_UI_DIR = dirname(require.resolve("swagger-ui-dist/package.json"));
const VERSION = (require("../../../package.json") as { version: string }).version;

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

// A file, not an inline script, so the page runs under the same Content Security Policy.
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });`;

/** `GET /openapi.json` (built from every route's descriptor) and `GET /docs` (Swagger UI, served locally). */
export function apiDocsRoutes(deps: AppDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);
  // Built on the first request, not at start-up: the document and zod-to-openapi cost a
  // server about a fifth of its start-up time, and most servers are never asked for it.
  let document: Promise<unknown> | null = null;
  const build = async () => {
    const { buildOpenApiDocument } = await import("../../openapi/build-document.js");
    // `servers` only from PUBLIC_URL: without it, clients resolve paths against where they fetched it.
    return buildOpenApiDocument({ routes: ROUTES, version: VERSION, serverUrl: deps.config.PUBLIC_URL });
  };
  mount(openApiDocument, async ({ res }) => {
    document ??= build().catch((err: unknown) => {
      document = null;
      throw err;
    });
    res.json(await document);
  });
  mount(apiDocsPage, ({ res }) => {
    res.type("html").send(DOCS_PAGE);
  });
  mount(apiDocsScript, ({ res }) => {
    res.type("js").send(DOCS_INIT);
  });
  router.use("/docs/assets", express.static(SWAGGER_UI_DIR, { maxAge: "1d", index: false }));
  return router;
}
