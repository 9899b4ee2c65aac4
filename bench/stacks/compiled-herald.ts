import { buildDist, type BuildResult } from "../../bin/lib/build-dist.js";
import { DEFAULT_OUT } from "../../bin/lib/build-layout.js";

/** What production runs (Dockerfile, `npm run server`): the compiled entries, relative to the repository. */
export const COMPILED_ENTRY = {
  server: `${DEFAULT_OUT}/server/main.js`,
  worker: `${DEFAULT_OUT}/workers/main.js`,
  token: `${DEFAULT_OUT}/bin/token.js`,
} as const;

let built: Promise<BuildResult> | null = null;

/**
 * Brings dist/ up to date with the sources, once per bench run (a fresh clone has none; an
 * edited tree has a stale one), so every Herald process the run starts is the same build.
 */
export function ensureCompiled(): Promise<BuildResult> {
  built ??= buildDist({ outDir: DEFAULT_OUT, ifStale: true });
  return built;
}
