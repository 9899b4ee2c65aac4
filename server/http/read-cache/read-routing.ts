import type { Request, Response } from "express";
import type { Article } from "../../../protocol/index.js";
import type { AppDeps } from "../app-deps.js";
import { coalescedReadsOf } from "./coalesced-reads.js";
import { serveRead, type CachedRead } from "./serve-read.js";

/**
 * What a public read route is mounted with: deps whose head read (the article the mount loads
 * and checks access to) is coalesced, and `serve`, which answers with the cache rules.
 */
export function readRouting(deps: AppDeps) {
  const reads = coalescedReadsOf(deps);
  return {
    mountDeps: { ...deps, readArticle: reads.article },
    serve: (input: { req: Request; res: Response; article: Article }, spec: CachedRead) =>
      serveRead({ config: deps.config, reads }, input, spec),
  };
}
