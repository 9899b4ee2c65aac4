// `npm run build`: writes the browser bundles the server serves at /sdk/ to dist/, and
// prints their sizes. The server builds the same bundles in memory at start-up, so running
// Herald does not need this step; it is for inspecting and publishing them.
import { mkdirSync, writeFileSync } from "node:fs";
import { widgetBundles } from "../server/widget/build-bundles.js";

const { script, module } = await widgetBundles();
mkdirSync("dist", { recursive: true });
writeFileSync("dist/herald.js", script.code);
writeFileSync("dist/herald.mjs", module.code);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
process.stdout.write(
  `dist/herald.js   ${kb(script.code.length)} min, ${kb(script.gzipBytes)} min+gzip\n` +
    `dist/herald.mjs  ${kb(module.code.length)} min, ${kb(module.gzipBytes)} min+gzip\n`,
);
