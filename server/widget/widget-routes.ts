import { Router, type Request, type Response } from "express";
import { readEntryPage } from "../../article-log/index.js";
import { loadReadableArticle } from "../security/read-access.js";
import { parseId } from "../http/parse-input.js";
import { HttpError } from "../http/http-error.js";
import type { AppDeps } from "../http/app-deps.js";
import { widgetBundles, type Bundle } from "./build-bundles.js";
import { DEMO_CSS, demoPage, embedPage } from "./embed-page.js";

/** The origin readers reach this server at, as the browser sent it (behind TRUST_PROXY hops). */
function originOf(req: Request): string {
  return `${req.protocol}://${req.get("host") ?? "localhost"}`;
}

function sendBundle(res: Response, bundle: Bundle, type: string, immutable: boolean) {
  res
    .set({
      "Content-Type": `${type}; charset=utf-8`,
      "Access-Control-Allow-Origin": "*",
      // The plain name may change with a deploy: short cache. The hashed name never does.
      "Cache-Control": immutable
        ? "public, max-age=31536000, immutable"
        : "public, max-age=300, stale-while-revalidate=86400",
      ETag: `"${bundle.hash}"`,
    })
    .send(bundle.code);
}

/**
 * The widget: `/sdk/herald.js` (script tag), `/sdk/herald.mjs` (ES module), each also at
 * `/sdk/herald.<hash>.js|mjs` for immutable caching; `/v1/articles/:id/embed.html` for
 * crawlers and no-JS readers; `/demo/:articleId` for newcomers.
 */
export function widgetRoutes(deps: AppDeps): Router {
  const router = Router();
  void widgetBundles(); // build at start-up, not on the first reader's request

  router.get("/sdk/manifest.json", async (_req, res) => {
    const { script, module } = await widgetBundles();
    res.set("Access-Control-Allow-Origin", "*").json({
      script: `/sdk/herald.${script.hash}.js`,
      module: `/sdk/herald.${module.hash}.mjs`,
    });
  });

  router.get("/sdk/:file", async (req, res) => {
    const match = /^herald(?:\.([0-9a-f]{10}))?\.(js|mjs)$/.exec(req.params.file);
    if (!match) throw new HttpError("not_found", "No such file");
    const bundles = await widgetBundles();
    const bundle = match[2] === "js" ? bundles.script : bundles.module;
    if (match[1] && match[1] !== bundle.hash) throw new HttpError("not_found", "No such version");
    if (req.get("If-None-Match") === `"${bundle.hash}"`) {
      res.status(304).end();
      return;
    }
    sendBundle(res, bundle, "text/javascript", match[1] !== undefined);
  });

  router.get("/v1/articles/:articleId/embed.html", async (req, res) => {
    const articleId = parseId(req.params.articleId, "articleId");
    const article = await loadReadableArticle(req, articleId, deps);
    const page = await readEntryPage(deps.redis, deps.config.KEY_PREFIX, articleId, {
      limit: deps.config.RESET_ENTRIES,
    });
    res
      .set("Cache-Control", article.private ? "private, no-store" : "public, max-age=15")
      .type("html")
      .send(embedPage(article, page.entries, originOf(req)));
  });

  router.get("/demo/demo.css", (_req, res) => {
    res.type("css").set("Cache-Control", "public, max-age=300").send(DEMO_CSS);
  });
  router.get("/demo/:articleId", (req, res) => {
    const articleId = parseId(req.params.articleId, "articleId");
    res.type("html").send(demoPage(articleId));
  });
  return router;
}
