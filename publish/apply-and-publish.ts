import type { Redis } from "ioredis";
import type { Update } from "../protocol/index.js";
import type { Operation } from "../article-log/operation.js";
import { applyOperation, type ApplyResult } from "../article-log/write.js";
import type { UpdatePublisher } from "./update-publisher.js";

export interface ApplyAndPublishDeps {
  redis: Redis;
  keyPrefix: string;
  /** `LOG_RETENTION`: records the log keeps. */
  retention: number;
  /** `ENTRY_HTML_MAX_BYTES`: an entry whose body renders to more fails, unpublished. @default no cap */
  htmlMaxBytes?: number;
  publisher: UpdatePublisher;
  /** Told of each update once it is published (outgoing webhooks); must be safe to call twice. */
  onPublished?: (update: Update) => Promise<void>;
  /** Called between apply and publish: the fault tests crash the process here. */
  afterApply?: () => void;
}

/** Applies one change to its article's log and publishes the update it made. */
export type ApplyAndPublish = (op: Operation) => Promise<ApplyResult>;

/**
 * The one way an article changes: the worker runs every queued change through it, and
 * `PUT /v1/articles/:id` its article changes (an article must exist before entries are posted
 * to it). Apply is idempotent by op id; an op applied before (a retried job, a crash between
 * the two steps) publishes the same record again, and readers drop the copy. Errors of the
 * apply come back in the result, for the caller to retry or refuse; Redis errors throw.
 */
export function createApplyAndPublish(deps: ApplyAndPublishDeps): ApplyAndPublish {
  return async (op) => {
    // The log renders the body itself: an operation's data is never trusted for HTML.
    const result = await applyOperation(deps.redis, deps.keyPrefix, op, {
      retention: deps.retention,
      ...(deps.htmlMaxBytes === undefined ? {} : { htmlMaxBytes: deps.htmlMaxBytes }),
    });
    deps.afterApply?.();
    if ((result.status === "applied" || result.status === "duplicate") && result.update) {
      await deps.publisher.publish(result.update);
      await deps.onPublished?.(result.update);
    }
    return result;
  };
}
