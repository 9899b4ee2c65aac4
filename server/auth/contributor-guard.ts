import { refuse, type Refusal } from "../security/refusal.js";
import type { TokenRecord } from "./token-store.js";

/**
 * A contributor token may only submit entries (they wait as drafts), preview them, and list
 * and edit its own drafts: routes that say `contributor`. Anything else, such as publishing,
 * correcting, retracting or changing an article, is refused (403) with what it may do instead.
 */
export function checkRole(
  token: TokenRecord,
  contributorAllowed: boolean,
): { ok: true; token: TokenRecord } | Refusal {
  if (token.role !== "contributor" || contributorAllowed) return { ok: true, token };
  return refuse(
    "forbidden",
    `"${token.name}" is a contributor token: it may submit entries for an editor to publish ` +
      "and edit its own drafts, not publish, correct or retract entries, nor change articles",
  );
}
