import { gzipSync } from "node:zlib";
import type { BuildOptions, Plugin } from "esbuild";
import type { Bundle } from "./bundle.js";
import { sha256Prefix } from "./prebuilt-bundles.js";

/**
 * The browsers every piece of Herald's reader code supports, in one place: the bundles the
 * server serves (/sdk/herald.js, /sdk/herald.mjs) and the npm package `@herald/client`
 * (bin/build-client-package.ts) are built for the same ones.
 */
export const BROWSER_TARGETS = ["es2020", "chrome90", "firefox90", "safari15"];

/**
 * Readers connect with WebSocket only, so the browser bundles leave out engine.io's polling
 * and WebTransport code (about 2 KB gzipped): the transport table is replaced by one that
 * holds only WebSocket.
 */
export const websocketOnly: Plugin = {
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

/** How a self-contained browser bundle is built: everything inlined, minified, WebSocket only. */
export function browserBundleOptions(entryPoint: string, format: "iife" | "esm"): BuildOptions {
  return {
    entryPoints: [entryPoint],
    bundle: true,
    minify: true,
    format,
    platform: "browser",
    target: BROWSER_TARGETS,
    legalComments: "none",
    plugins: [websocketOnly],
  };
}

/**
 * Builds one bundle of `entryPoint` (an absolute path) in memory. The server's bundles and
 * the npm package's `dist/herald.js` both come from here, so they are the same file.
 */
export async function buildBrowserBundle(entryPoint: string, format: "iife" | "esm"): Promise<Bundle> {
  // Imported here, not at the top: a compiled server serves prebuilt files and never loads
  // esbuild (a fifth of a second at start-up).
  const { build } = await import("esbuild");
  const result = await build({ ...browserBundleOptions(entryPoint, format), write: false });
  const code = result.outputFiles[0]!.text;
  return { code, hash: sha256Prefix(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}
