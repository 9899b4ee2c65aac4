import { fileURLToPath } from "node:url";
import type { Bundle, WidgetBundles } from "./bundle.js";
import { buildBrowserBundle } from "./browser-bundle.js";
import { SDK_DIR, readPrebuiltBundles } from "./prebuilt-bundles.js";

export type { Bundle, WidgetBundles } from "./bundle.js";

/**
 * Compiled by `npm run build`, this file is `<out>/server/widget/build-bundles.js`, and the
 * same build wrote the bundles to `<out>/sdk/`. Run from source (tsx, the tests), it is a
 * `.ts` file, and any dist/ beside it may be older than the source: it builds in memory.
 */
const COMPILED = import.meta.url.endsWith(".js");
const PREBUILT_DIR = new URL(`../../${SDK_DIR}/`, import.meta.url);
/** The sources the bundles are built from: the repository (dist/'s parent, when compiled). */
const SOURCE_ROOT = fileURLToPath(new URL(COMPILED ? "../../../" : "../../", import.meta.url));

const bundle = (entry: string, format: "iife" | "esm"): Promise<Bundle> =>
  buildBrowserBundle(`${SOURCE_ROOT}${entry}`, format);

/** Builds the browser bundles from source with esbuild (about a tenth of a second). */
export async function buildWidgetBundles(): Promise<WidgetBundles> {
  const [script, module, console] = await Promise.all([
    bundle("client-sdk/ticker/script-tag.ts", "iife"),
    bundle("client-sdk/ticker/index.ts", "esm"),
    bundle("editor-console/console.ts", "iife"),
  ]);
  return { script, module, console };
}

let loaded: Promise<WidgetBundles> | null = null;

/**
 * The bundles, once per process: the files `npm run build` wrote beside the compiled server,
 * else (from source, or those files are missing or altered) built in memory. A failed build
 * is not kept, so the next call tries again.
 */
export function widgetBundles(): Promise<WidgetBundles> {
  loaded ??= Promise.resolve(COMPILED ? readPrebuiltBundles(PREBUILT_DIR) : null)
    .then((prebuilt) => prebuilt ?? buildWidgetBundles())
    .catch((err: unknown) => {
      loaded = null;
      throw err;
    });
  return loaded;
}
