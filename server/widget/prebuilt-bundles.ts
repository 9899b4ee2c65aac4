import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLE_NAMES, type Bundle, type WidgetBundles } from "./bundle.js";

/** The bundles' files under the build's out dir, and the manifest that names and checks them. */
export const SDK_DIR = "sdk";
const MANIFEST = "bundles.json";
const FILES: Record<keyof WidgetBundles, string> = {
  script: "herald.js",
  module: "herald.mjs",
  console: "editor-console.js",
};

type Manifest = Record<keyof WidgetBundles, { file: string; hash: string; gzipBytes: number }>;

export const sha256Prefix = (code: string) => createHash("sha256").update(code).digest("hex").slice(0, 10);

/** Writes the bundles to `<outDir>/sdk/`, the manifest last (a build cut short leaves none). */
export function writeBundles(outDir: string, bundles: WidgetBundles): string[] {
  const dir = join(outDir, SDK_DIR);
  mkdirSync(dir, { recursive: true });
  const manifest = {} as Manifest;
  for (const name of BUNDLE_NAMES) {
    const { code, hash, gzipBytes } = bundles[name];
    writeFileSync(join(dir, FILES[name]), code);
    manifest[name] = { file: FILES[name], hash, gzipBytes };
  }
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return BUNDLE_NAMES.map((name) => join(SDK_DIR, FILES[name]));
}

/**
 * The bundles a build wrote to `dir`, or null when any is missing or is not the file the
 * manifest names (a hand-edited or half-copied dist/): the caller then builds them in memory.
 * Reading and hashing three files takes about a millisecond; esbuild, a tenth of a second.
 */
export function readPrebuiltBundles(dir: URL): WidgetBundles | null {
  try {
    const manifest = JSON.parse(readFileSync(new URL(MANIFEST, dir), "utf8")) as Partial<Manifest>;
    const read = (name: keyof WidgetBundles): Bundle | null => {
      const entry = manifest[name];
      if (!entry || entry.file !== FILES[name]) return null;
      const code = readFileSync(new URL(entry.file, dir), "utf8");
      return sha256Prefix(code) === entry.hash
        ? { code, hash: entry.hash, gzipBytes: entry.gzipBytes }
        : null;
    };
    const [script, module, console] = BUNDLE_NAMES.map(read);
    return script && module && console ? { script, module, console } : null;
  } catch {
    return null;
  }
}
