import type { ErrorBody } from "../types.js";
import type { TickerLabels } from "./labels.js";

/**
 * What the ticker shows in place of its feed after `error`, given what it shows now
 * (`current`, null for the feed itself). An article that turned private says so, and keeps
 * saying so through the refusals of the retries that follow.
 */
export function accessNotice(error: ErrorBody, labels: TickerLabels, current: string | null): string | null {
  const details: unknown = error.details;
  const reason =
    typeof details === "object" && details !== null ? (details as { reason?: unknown }).reason : null;
  if (reason === "article_private") return labels.subscribersOnly;
  if (error.code === "article_not_found" || error.code === "unauthorized")
    return current ?? labels.unavailable;
  return current;
}
