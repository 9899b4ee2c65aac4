import { z } from "zod";
import { subscribeRequestSchema } from "../events.js";
import { updatesPageSchema } from "../update.js";
import { articleParams } from "./params.js";
import { NOT_MODIFIED, json, type RouteDescriptor } from "./route.js";

/** The most records one `GET …/updates` may ask for. */
export const UPDATES_LIMIT_MAX = 500;

export const getUpdates = {
  method: "get",
  path: "/v1/articles/{articleId}/updates",
  summary: "The log after a seq (catch-up)",
  tag: "Entries",
  auth: "reader",
  params: articleParams,
  query: z.strictObject({
    since: z
      .string()
      .regex(/^\d{1,15}$/, "must be a whole number of at most 15 digits")
      .transform(Number),
    /** The epoch `since` belongs to: the same rule as a socket subscribe's. */
    epoch: subscribeRequestSchema.shape.epoch,
    /** Default `CATCHUP_MAX_RECORDS`; the answer is also cut at `CATCHUP_MAX_BYTES`. */
    limit: z.coerce.number().int().min(1).max(UPDATES_LIMIT_MAX).optional(),
  }),
  responses: {
    200: json(
      updatesPageSchema,
      "The updates after since, oldest first. Header `Herald-Poll-Interval`: the seconds a polling client waits before it asks again (POLL_INTERVAL_S)",
    ),
    304: NOT_MODIFIED,
  },
  errors: ["history_expired"],
} as const satisfies RouteDescriptor;
