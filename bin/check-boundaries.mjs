// Checks that nothing imports across the layout's boundaries (see docs/architecture.md):
// protocol is isomorphic and imports no project code; the SDK imports only protocol;
// server and workers never import each other; shared Node code imports neither.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const RULES = {
  protocol: { allow: ["protocol"], nodeBuiltins: false },
  "client-sdk": { allow: ["client-sdk", "protocol"], nodeBuiltins: false },
  platform: { allow: ["platform", "protocol"], nodeBuiltins: true },
  "article-log": { allow: ["article-log", "protocol"], nodeBuiltins: true },
  queue: { allow: ["queue", "protocol", "article-log"], nodeBuiltins: true },
  publish: { allow: ["publish", "protocol", "article-log", "platform"], nodeBuiltins: true },
  webhooks: { allow: ["webhooks", "protocol", "queue", "platform"], nodeBuiltins: true },
  server: {
    allow: [
      "server",
      "protocol",
      "platform",
      "article-log",
      "queue",
      "publish",
      "webhooks",
      "client-sdk",
      "editor-console",
    ],
    nodeBuiltins: true,
  },
  workers: {
    allow: ["workers", "protocol", "platform", "article-log", "queue", "publish", "webhooks"],
    nodeBuiltins: true,
  },
  "editor-console": { allow: ["editor-console", "client-sdk", "protocol"], nodeBuiltins: false },
};

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) yield path;
  }
}

const problems = [];
for (const [folder, rule] of Object.entries(RULES)) {
  for (const file of files(join(ROOT, folder))) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(
      /(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
    )) {
      const spec = match[1] ?? match[2];
      const where = relative(ROOT, file);
      if (spec.startsWith(".")) {
        const target = relative(ROOT, resolve(dirname(file), spec)).split("/")[0];
        if (!rule.allow.includes(target))
          problems.push(`${where}: imports ${spec} (${folder} may not import ${target})`);
      } else if (!rule.nodeBuiltins && spec.startsWith("node:")) {
        problems.push(`${where}: imports ${spec} (${folder} runs in browsers too)`);
      }
    }
  }
}
if (problems.length) {
  console.error(`Import boundaries crossed:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("import boundaries: ok");
