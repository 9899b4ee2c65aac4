import type { IncomingMessage, ServerResponse } from "node:http";
import { pinoHttp } from "pino-http";
import type { Logger } from "../../platform/logger.js";

/** Strips CR/LF and other controls, so a value from a request cannot forge a log line. */
function oneLine(value: string | undefined, max = 300): string | undefined {
  // eslint-disable-next-line no-control-regex
  return value?.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, max);
}

/**
 * One line per request: method, path, status, time. Never headers (tokens), never bodies
 * (entry content), never the query string. Health checks are not logged.
 */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "warn" : "info"),
    serializers: {
      req: (req: IncomingMessage & { path?: string }) => ({
        method: req.method,
        path: oneLine((req.url ?? "").split("?")[0]),
        ip: (req as { ip?: string }).ip,
      }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
  });
}
