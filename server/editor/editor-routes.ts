import { Router } from "express";
import { widgetBundles } from "../widget/build-bundles.js";
import { CONSOLE_CSS } from "../../editor-console/page.js";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald editor</title>
<link rel="stylesheet" href="/editor/editor.css">
</head>
<body>
<header><h1>Herald editor</h1><button type="button" id="signout" hidden>Sign out</button></header>
<main></main>
<script src="/editor/app.js"></script>
</body>
</html>
`;

/** The editor console: one page, its script and its stylesheet (no inline code: same CSP as the rest). */
export function editorRoutes(): Router {
  const router = Router();
  router.get("/editor", (_req, res) => {
    res.type("html").set("Cache-Control", "no-cache").send(PAGE);
  });
  router.get("/editor/editor.css", (_req, res) => {
    res.type("css").set("Cache-Control", "no-cache").send(CONSOLE_CSS);
  });
  router.get("/editor/app.js", async (_req, res) => {
    const { console: bundle } = await widgetBundles();
    res
      .type("js")
      .set({ "Cache-Control": "no-cache", ETag: `"${bundle.hash}"` })
      .send(bundle.code);
  });
  return router;
}
