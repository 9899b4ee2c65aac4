import { Router } from "express";
import { CONSOLE_CSS } from "../../../editor-console/page.js";
import { editorPage, editorScript, editorStylesheet } from "../../../protocol/routes/editor-console.js";
import { EDITOR_PAGE } from "../../editor/editor-page.js";
import { widgetBundles } from "../../widget/build-bundles.js";
import { routeMounter } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";

/** The editor console: one page, its script and its stylesheet, never cached stale. */
export function editorRoutes(deps: AppDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);
  mount(editorPage, ({ res }) => {
    res.type("html").set("Cache-Control", "no-cache").send(EDITOR_PAGE);
  });
  mount(editorStylesheet, ({ res }) => {
    res.type("css").set("Cache-Control", "no-cache").send(CONSOLE_CSS);
  });
  mount(editorScript, async ({ res }) => {
    const { console: bundle } = await widgetBundles();
    res
      .type("js")
      .set({ "Cache-Control": "no-cache", ETag: `"${bundle.hash}"` })
      .send(bundle.code);
  });
  return router;
}
