import { createHash, timingSafeEqual } from "node:crypto";

export type MetricsRefusal = { code: "unauthorized" | "forbidden"; message: string };

/** `WWW-Authenticate` for a refused scrape: Prometheus sends `authorization: { credentials }` as Bearer. */
export const METRICS_CHALLENGE = 'Bearer realm="Herald metrics"';

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Who may read `/metrics`. With METRICS_TOKEN set: whoever sends it as a bearer token
 * (compared in constant time). Without: everyone when `openWithoutToken` (a loopback
 * listener, a laptop), no one otherwise. Null means allowed.
 */
export function refuseMetrics(
  authorization: string | undefined,
  options: { token: string | undefined; openWithoutToken: boolean },
): MetricsRefusal | null {
  if (!options.token) {
    return options.openWithoutToken
      ? null
      : { code: "forbidden", message: "/metrics is off on this port: set METRICS_TOKEN to scrape it" };
  }
  const sent = /^Bearer (\S+)$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(sent), digest(options.token))
    ? null
    : { code: "unauthorized", message: "Send Authorization: Bearer <METRICS_TOKEN>" };
}
