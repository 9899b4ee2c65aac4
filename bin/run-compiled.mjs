// `node bin/run-compiled.mjs <entry> [args…]`, e.g. `server/main`: what `npm start`, `npm run
// server`, `worker`, `token` and `cluster` run. In a source tree it first brings dist/ up to
// date (`npm run build -- --if-stale`: nothing to do unless a source changed), then runs the
// compiled entry in this very process, so signals reach Herald as if started by `node
// dist/<entry>.js`. In a deployed image (dist/ and no sources) it runs dist/ as it is.
// Plain JavaScript on purpose: it must run before anything is compiled, and without tsx.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const [entry, ...args] = process.argv.slice(2);
if (!entry || !/^[\w/-]+$/.test(entry)) {
  process.stderr.write("usage: node bin/run-compiled.mjs <entry, e.g. server/main> [args…]\n");
  process.exit(2);
}

if (existsSync(new URL("server/main.ts", root))) {
  const build = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("bin/build.ts", root)), "--if-stale"],
    { stdio: "inherit", cwd: fileURLToPath(root) },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const compiled = new URL(`dist/${entry}.js`, root);
if (!existsSync(compiled)) {
  process.stderr.write(`${fileURLToPath(compiled)} is missing: run npm run build\n`);
  process.exit(1);
}
// As if started as `node dist/<entry>.js args…` (the CLIs read process.argv.slice(2)).
process.argv = [process.argv[0] ?? process.execPath, fileURLToPath(compiled), ...args];
await import(compiled.href);
