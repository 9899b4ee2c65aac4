import { Router, type Request, type RequestHandler, type Response } from "express";
import { readEntryPage } from "../../../article-log/read.js";
import * as widget from "../../../protocol/routes/widget.js";
import { widgetBundles, type Bundle, type WidgetBundles } from "../../widget/build-bundles.js";
import { embedPage } from "../../widget/embed-page.js";
import { DEMO_CSS, demoPage } from "../../widget/demo-page.js";
import { HttpError } from "../http-error.js";
import { routeMounter } from "../mount-route.js";
import { originOf } from "../public-origin.js";
import type { AppDeps } from "../app-deps.js";
import { readRouting } from "../read-cache/read-routing.js";

/**
 * Other sites may frame these pages (app.ts forbids framing everywhere else): the helmet
 * headers already set are loosened for this response only.
 */
const allowFraming: RequestHandler = (_req, res, next) => {
  res.removeHeader("X-Frame-Options");
  const csp = res.getHeader("Content-Security-Policy");
  if (typeof csp === "string")
    res.setHeader("Content-Security-Policy", csp.replace(/frame-ancestors [^;]*/, "frame-ancestors *"));
  next();
};

/** The bundles, or `503 unavailable` while they cannot be built (the API keeps working). */
async function bundlesOrUnavailable(): Promise<WidgetBundles> {
  try {
    return await widgetBundles();
  } catch {
    throw new HttpError("unavailable", "The widget script could not be built; see the server log");
  }
}

/** True when the request's `If-None-Match` names `etag` (or `*`), weak or strong. */
function notModified(req: Request, etag: string): boolean {
  const header = req.get("If-None-Match");
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim().replace(/^W\//, "");
    return t === etag || t === "*";
  });
}

function sendBundle(req: Request, res: Response, bundle: Bundle, type: string, immutable: boolean) {
  const etag = `"${bundle.hash}"`;
  res.set({
    "Content-Type": `${type}; charset=utf-8`,
    "Access-Control-Allow-Origin": "*",
    // The plain name may change with a deploy: short cache. The hashed name never does.
    "Cache-Control": immutable
      ? "public, max-age=31536000, immutable"
      : "public, max-age=300, stale-while-revalidate=86400",
    ETag: etag,
  });
  // Checked here, not by express's req.fresh, which calls every request carrying
  // `Cache-Control: no-cache` stale, and fetch() adds that to any conditional request.
  if (notModified(req, etag)) res.status(304).end();
  else res.send(bundle.code);
}

/**
 * The widget: `/sdk/herald.js` (script tag), `/sdk/herald.mjs` (ES module), each also at
 * `/sdk/herald.<hash>.js|mjs` for immutable caching; `/v1/articles/:id/embed.html` for
 * crawlers and no-JS readers; `/demo/:articleId` for newcomers.
 */
export function widgetRoutes(deps: AppDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);
  // Build at start-up, not on the first reader's request. A failure is logged, not fatal:
  // the API still works, /sdk/* answers 503 and the next request tries to build again.
  widgetBundles().catch((err: unknown) =>
    deps.logger.error({ err }, "the widget bundles could not be built"),
  );

  mount(widget.sdkManifest, async ({ res, reply }) => {
    const { script, module } = await bundlesOrUnavailable();
    res.set("Access-Control-Allow-Origin", "*");
    reply(200, { script: `/sdk/herald.${script.hash}.js`, module: `/sdk/herald.${module.hash}.mjs` });
  });

  mount(widget.sdkFile, async ({ params, req, res }) => {
    // The descriptor let only names of this pattern through (404 for any other).
    const [, hash, extension] = widget.SDK_FILE_PATTERN.exec(params.file) ?? [];
    const bundles = await bundlesOrUnavailable();
    const bundle = extension === "js" ? bundles.script : bundles.module;
    if (hash && hash !== bundle.hash) throw new HttpError("not_found", "No such version");
    sendBundle(req, res, bundle, "text/javascript", hash !== undefined);
  });

  // Cached like the other public reads (read-cache/serve-read.ts): it is built from the article.
  const reading = readRouting(deps);
  routeMounter(router, reading.mountDeps)(
    widget.embedPage,
    ({ params: { articleId }, article, req, res }) => {
      const origin = originOf(req, deps.config.PUBLIC_URL);
      return reading.serve(
        { req, res, article },
        {
          representation: "embed",
          query: {},
          shape: [deps.config.RESET_ENTRIES, deps.config.CATCHUP_MAX_BYTES, origin],
          contentType: "text/html",
          read: async () => {
            const page = await readEntryPage(deps.redis, deps.config.KEY_PREFIX, articleId, {
              limit: deps.config.RESET_ENTRIES,
              maxBytes: deps.config.CATCHUP_MAX_BYTES,
            });
            return { body: embedPage(article, page.entries, origin) };
          },
        },
      );
    },
    { before: [allowFraming] },
  );

  mount(widget.demoStylesheet, ({ res }) => {
    res.type("css").set("Cache-Control", "public, max-age=300").send(DEMO_CSS);
  });
  mount(
    widget.demoPage,
    ({ params: { articleId }, req, res }) => {
      res.type("html").send(demoPage(articleId, originOf(req, deps.config.PUBLIC_URL)));
    },
    { before: [allowFraming] },
  );
  return router;
}
