import { fileURLToPath } from "node:url";

/**
 * This file is bin/lib/node-entry.ts in the tree, or <out>/bin/lib/node-entry.js once `npm
 * run build` compiled it: a CLI starts its child processes in the form it runs in itself.
 */
const COMPILED = import.meta.url.endsWith(".js");
const ROOT = new URL("../../", import.meta.url);

/** Node's arguments to run `entry` (e.g. "server/main"): compiled JS, or the source through tsx. */
export function nodeArgsFor(entry: string): string[] {
  const file = fileURLToPath(new URL(`${entry}.${COMPILED ? "js" : "ts"}`, ROOT));
  return COMPILED ? [file] : ["--import", "tsx", file];
}
