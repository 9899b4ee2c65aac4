import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { BROWSER_TARGETS, buildBrowserBundle } from "../../server/widget/browser-bundle.js";
import { buildDeclarations } from "./client-declarations.js";
import { withBuildLock } from "./build-lock.js";
import { REPO_ROOT } from "./build-layout.js";

/** The package's folder, and where its build goes (ignored by git, linters and tsc). */
export const PACKAGE_DIR = join(REPO_ROOT, "client-sdk");
export const PACKAGE_OUT = join(PACKAGE_DIR, "dist");
/** Scratch space beside the tree (.herald/ is ignored everywhere): the lock and the new build. */
const SCRATCH = join(REPO_ROOT, ".herald", "client-dist");

/** The package's JavaScript entries: `exports` subpath, source, and file in dist/ (no extension). */
const ENTRIES = [
  { subpath: ".", sources: ["index.ts"], out: "index" },
  { subpath: "./ticker", sources: ["ticker/index.ts"], out: "ticker/index" },
  // Built once it exists (written alongside this build).
  { subpath: "./react", sources: ["react/index.ts", "react/index.tsx"], out: "react/index" },
] as const;

/** The script-tag bundle: the very file the server serves as `/sdk/herald.js`. */
const SCRIPT_TAG = { source: "ticker/script-tag.ts", out: "herald.js" };

export interface EntrySize {
  /** `@herald/client`, `@herald/client/ticker`, ..., or `herald.js`. */
  name: string;
  /** Minified, with socket.io-client inside, as a site's bundler would ship it. */
  minBytes: number;
  gzipBytes: number;
}

export interface ClientBuildResult {
  outDir: string;
  files: string[];
  sizes: EntrySize[];
  ms: number;
}

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * Builds `@herald/client` into client-sdk/dist/: ESM per entry (unminified, sharing chunks,
 * with source maps; its dependencies and peers left as imports), self-contained `.d.ts`, and
 * `herald.js`. Built aside and swapped in, under a lock, so `npm pack` never packs half a build.
 */
export async function buildClientPackage(): Promise<ClientBuildResult> {
  const started = Date.now();
  const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as PackageJson;
  const externals = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  const entries = ENTRIES.flatMap((entry) => {
    const source = entry.sources.find((s) => existsSync(join(PACKAGE_DIR, s)));
    return source ? [{ ...entry, source: join(PACKAGE_DIR, source) }] : [];
  });

  return withBuildLock(SCRATCH, async () => {
    const partial = `${SCRATCH}.partial-${process.pid}`;
    const old = `${SCRATCH}.old-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    try {
      const files: Record<string, string | Uint8Array> = {};
      const modules = await build({
        entryPoints: entries.map((e) => ({ in: e.source, out: e.out })),
        // Named as where the files end up (nothing is written here), so the source maps'
        // paths are right once the build is swapped in.
        outdir: PACKAGE_OUT,
        // Paths in the metafile and the source maps are relative to the repository, wherever this runs.
        absWorkingDir: REPO_ROOT,
        bundle: true,
        splitting: true,
        chunkNames: "chunks/[name]-[hash]",
        format: "esm",
        platform: "browser",
        target: BROWSER_TARGETS,
        // Sites minify; unminified code keeps their stack traces readable.
        minify: false,
        sourcemap: "linked",
        sourcesContent: true,
        jsx: "automatic",
        external: externals.flatMap((name) => [name, `${name}/*`]),
        tsconfig: join(REPO_ROOT, "tsconfig.browser.json"),
        metafile: true,
        write: false,
        logLevel: "warning",
      });
      checkSelfContained(modules.metafile, externals);
      for (const file of modules.outputFiles) files[relative(PACKAGE_OUT, file.path)] = file.contents;

      const declarations = buildDeclarations({
        root: REPO_ROOT,
        packageDir: PACKAGE_DIR,
        entries: entries.map((e) => e.source),
        tsconfig: join(REPO_ROOT, "tsconfig.browser.json"),
        externals,
      });
      for (const [file, text] of declarations) files[file] = text;

      const script = await buildBrowserBundle(join(PACKAGE_DIR, SCRIPT_TAG.source), "iife");
      files[SCRIPT_TAG.out] = script.code;

      for (const [file, contents] of Object.entries(files)) {
        mkdirSync(dirname(join(partial, file)), { recursive: true });
        writeFileSync(join(partial, file), contents);
      }
      const sizes = [
        ...(await Promise.all(
          entries.map((e) =>
            measure(
              join(partial, `${e.out}.js`),
              e.subpath === "." ? pkg.name : `${pkg.name}${e.subpath.slice(1)}`,
              externals,
            ),
          ),
        )),
        { name: SCRIPT_TAG.out, minBytes: Buffer.byteLength(script.code), gzipBytes: script.gzipBytes },
      ];
      if (existsSync(PACKAGE_OUT)) renameSync(PACKAGE_OUT, old);
      renameSync(partial, PACKAGE_OUT);
      rmSync(old, { recursive: true, force: true });
      return { outDir: PACKAGE_OUT, files: Object.keys(files).sort(), sizes, ms: Date.now() - started };
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  });
}

/**
 * Every module in the output comes from the package or protocol/'s zod-free modules, and
 * every package it imports is a dependency or peer: anything else would be code a site
 * cannot install, or zod inlined (three times the client).
 */
function checkSelfContained(metafile: Metafile, externals: string[]): void {
  for (const input of Object.keys(metafile.inputs)) {
    if (!/^(client-sdk|protocol)\//.test(input) || /node_modules|zod/.test(input))
      throw new Error(
        `@herald/client would carry ${input}: import it from a dependency or a zod-free module`,
      );
  }
  for (const [file, output] of Object.entries(metafile.outputs))
    for (const imported of output.imports)
      if (
        imported.external &&
        !externals.some((e) => imported.path === e || imported.path.startsWith(`${e}/`))
      )
        throw new Error(`${file} imports ${imported.path}, which is not a dependency of @herald/client`);
}

/**
 * What an entry costs a site: its code and every chunk and dependency it pulls in (peers
 * aside), minified and gzipped (-9) by a throwaway esbuild bundle, as a site's bundler would.
 */
async function measure(entry: string, name: string, externals: string[]): Promise<EntrySize> {
  const peers = externals.filter((e) => e !== "socket.io-client");
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: BROWSER_TARGETS,
    external: peers.flatMap((p) => [p, `${p}/*`]),
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles[0]!.contents;
  return { name, minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}
