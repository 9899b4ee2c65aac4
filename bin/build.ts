// `npm run build [-- --out DIR] [-- --if-stale]`: compiles the server, the workers and the
// CLIs to JavaScript under dist/ (same layout as the tree) and writes the browser bundles
// the server serves to dist/sdk/. `npm run server`, `worker`, `token`, `cluster` and
// `npm start` run dist/ and call this with --if-stale first (docs/operations.md).
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isFresh } from "./lib/build-freshness.js";
import { DEFAULT_OUT, REPO_ROOT, hasSources } from "./lib/build-layout.js";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: DEFAULT_OUT },
    "if-stale": { type: "boolean", default: false },
  },
});
const ifStale = values["if-stale"];
const outDir = resolve(values.out);

if (!hasSources(REPO_ROOT)) {
  // A deployed image: dist/ is all there is, and it is what runs.
  if (!ifStale) {
    process.stderr.write("npm run build: no sources here (server/main.ts) to build from\n");
    process.exit(1);
  }
} else if (!(ifStale && isFresh(REPO_ROOT, outDir))) {
  // Loaded only when there is something to build: the up-to-date check runs before every
  // `npm run server`, and esbuild takes longer to load than the check takes to run.
  const { buildDist } = await import("./lib/build-dist.js");
  const result = await buildDist({ outDir, ifStale });
  if (result.built) {
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    process.stderr.write(
      [
        `built ${relative(process.cwd(), result.outDir) || "."}/ in ${(result.ms / 1000).toFixed(1)} s: ${result.modules} modules`,
        ...result.bundles.map(
          (b) => `  ${b.file.padEnd(24)} ${kb(b.bytes)} min, ${kb(b.gzipBytes)} min+gzip`,
        ),
        "",
      ].join("\n"),
    );
  }
}
