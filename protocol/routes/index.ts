import * as access from "./access.js";
import * as articles from "./articles.js";
import * as corrections from "./corrections.js";
import * as editorConsole from "./editor-console.js";
import * as editorSupport from "./editor-support.js";
import * as entries from "./entries.js";
import * as drafts from "./drafts.js";
import * as feeds from "./feeds.js";
import * as operations from "./operations.js";
import * as updates from "./updates.js";
import * as webhooks from "./webhooks.js";
import * as widget from "./widget.js";
import type { RouteDescriptor } from "./route.js";

/** A descriptor is any export with a method and a path; schemas and constants are skipped. */
function descriptorsOf(module: Record<string, unknown>): RouteDescriptor[] {
  return Object.values(module).filter(
    (value): value is RouteDescriptor =>
      typeof value === "object" && value !== null && "method" in value && "path" in value,
  );
}

/**
 * Every HTTP route Herald serves, in the order the document lists them. Kept out of
 * protocol/index.ts so the SDK bundle does not carry the whole API's schemas.
 */
export const ROUTES: readonly RouteDescriptor[] = [
  articles,
  entries,
  drafts,
  corrections,
  updates,
  access,
  webhooks,
  operations,
  widget,
  feeds,
  editorSupport,
  editorConsole,
].flatMap(descriptorsOf);

export * from "./route.js";
