import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * What `npm run build` compiles: every folder of Node code the server, the workers and the
 * CLIs import (editor-console/ for the console page's stylesheet), file by file in the same
 * layout, so relative imports and `new URL("./x.lua", import.meta.url)` resolve as in the tree.
 * client-sdk/ is not run by Node: it reaches dist/ only inside the browser bundles.
 */
export const NODE_FOLDERS = [
  "protocol",
  "platform",
  "article-log",
  "queue",
  "publish",
  "webhooks",
  "server",
  "workers",
  "bin",
  "editor-console",
] as const;

/** Files read from disk at run time, copied beside the compiled code. */
export const ASSET_EXTENSIONS = [".lua"] as const;

/** Where the build's inputs live beside NODE_FOLDERS: they change the output too. */
export const BUILD_INPUTS = ["client-sdk", "package.json", "package-lock.json"] as const;

/**
 * Inside BUILD_INPUTS but no input: the npm package @herald/client's own build output
 * (`npm run build:client`, bin/build-client-package.ts), which holds `.d.ts` files.
 */
export const NOT_BUILD_INPUTS = ["client-sdk/dist/", "client-sdk/node_modules/"] as const;

/** The repository root (this file is bin/lib/build-layout.ts, or dist/bin/lib/… when compiled). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const DEFAULT_OUT = "dist";

/** Written last by a build: which sources it was made from. */
export const BUILD_INFO = "build-info.json";

/** False in a deployed image, which holds dist/ and no sources: there is nothing to rebuild from. */
export function hasSources(root: string): boolean {
  return existsSync(`${root}/server/main.ts`);
}
