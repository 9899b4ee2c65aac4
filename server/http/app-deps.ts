import type { RedisClient } from "../../platform/redis.js";
import type { Config } from "../../platform/config.js";
import type { Logger } from "../../platform/logger.js";
import type { EntriesQueue } from "../../queue/entries-queue.js";
import type { JobOutcomes } from "../../queue/job-outcomes.js";
import type { ApplyAndPublish } from "../../publish/apply-and-publish.js";
import type { TokenStore } from "../auth/token-store.js";
import type { Registry } from "../../platform/metrics.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { RateLimits } from "../security/rate-limits.js";
import type { ReaderTokens } from "../security/reader-tokens.js";
import type { WebhookStore } from "../../webhooks/webhook-store.js";

/** What the HTTP app is built from; tests build it on a private prefix. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Request-path client: fails fast while Redis is down, so the API answers 503 at once. */
  redis: RedisClient;
  queue: EntriesQueue;
  /** Waits for a queued change's outcome: a PATCH or DELETE with `If-Match` answers with it. */
  jobOutcomes: JobOutcomes;
  /** The one write path, for the changes the API applies at once (PUT of an article). */
  applyAndPublish: ApplyAndPublish;
  tokens: TokenStore;
  audit: AuditLog;
  limits: RateLimits;
  readerTokens: ReaderTokens;
  webhooks: { store: WebhookStore };
  /** True once shutdown began: `/readyz` answers 503 so the load balancer stops sending. */
  isDraining?: () => boolean;
  /** Served on `/metrics`. */
  metricsRegistry?: Registry;
}
