import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Plugin } from "esbuild";
import type { Bundle, WidgetBundles } from "./bundle.js";
import { SDK_DIR, readPrebuiltBundles, sha256Prefix } from "./prebuilt-bundles.js";

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

/**
 * Readers connect with WebSocket only, so the browser bundles leave out engine.io's polling
 * and WebTransport code (about 2 KB gzipped): the transport table is replaced by one that
 * holds only WebSocket.
 */
const websocketOnly: Plugin = {
  name: "websocket-only",
  setup(build) {
    build.onResolve({ filter: /\/transports\/index\.js$/ }, (args) =>
      args.importer.includes("engine.io-client")
        ? { path: args.importer, namespace: "websocket-only" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "websocket-only" }, (args) => ({
      contents: `import { WS } from "./transports/websocket.js"; export const transports = { websocket: WS };`,
      resolveDir: args.path.replace(/\/[^/]+$/, ""),
    }));
  },
};

async function bundle(entry: string, format: "iife" | "esm"): Promise<Bundle> {
  // Imported here, not at the top: a compiled server serves prebuilt files and never loads
  // esbuild (a fifth of a second at start-up).
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [`${SOURCE_ROOT}${entry}`],
    bundle: true,
    minify: true,
    format,
    platform: "browser",
    target: ["es2020", "chrome90", "firefox90", "safari15"],
    write: false,
    legalComments: "none",
    plugins: [websocketOnly],
  });
  const code = result.outputFiles[0]!.text;
  return { code, hash: sha256Prefix(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}

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
