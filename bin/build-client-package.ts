// `npm run build:client` (and `npm pack -w client-sdk`, through the package's prepack): builds
// the npm package @herald/client into client-sdk/dist/ and prints what each entry costs a site.
import { relative } from "node:path";
import { buildClientPackage } from "./lib/client-package.js";

const result = await buildClientPackage();
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
process.stderr.write(
  [
    `built ${relative(process.cwd(), result.outDir) || "."}/ in ${(result.ms / 1000).toFixed(1)} s: ${result.files.length} files`,
    "  what each entry costs a site (with socket.io-client, minified by a bundler):",
    ...result.sizes.map((s) => `  ${s.name.padEnd(24)} ${kb(s.minBytes)} min, ${kb(s.gzipBytes)} min+gzip`),
    "",
  ].join("\n"),
);
