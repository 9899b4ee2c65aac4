import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Bundle {
  code: string;
  /** The first 10 hex digits of the SHA-256 of `code`: names the immutable URL. */
  hash: string;
  /** Bytes after gzip -9, as a reader downloads it. */
  gzipBytes: number;
}

export interface WidgetBundles {
  /** `/sdk/herald.js`: the script-tag build (defines <live-ticker>, window.Herald). */
  script: Bundle;
  /** `/sdk/herald.mjs`: the same as an ES module (HeraldClient, createTicker, ...). */
  module: Bundle;
  /** `/editor/app.js`: the editor console. */
  console: Bundle;
}

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
  const result = await build({
    entryPoints: [`${ROOT}${entry}`],
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
  return {
    code,
    hash: createHash("sha256").update(code).digest("hex").slice(0, 10),
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}

let built: Promise<WidgetBundles> | null = null;

/**
 * Builds the browser bundles with esbuild, once per process (about a tenth of a second).
 * A failed build is not kept, so the next call tries again.
 */
export function widgetBundles(): Promise<WidgetBundles> {
  built ??= Promise.all([
    bundle("client-sdk/ticker/script-tag.ts", "iife"),
    bundle("client-sdk/ticker/index.ts", "esm"),
    bundle("editor-console/console.ts", "iife"),
  ]).then(
    ([script, module, console]) => ({ script, module, console }),
    (err: unknown) => {
      built = null;
      throw err;
    },
  );
  return built;
}
