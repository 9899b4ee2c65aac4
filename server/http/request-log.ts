import type { RequestHandler, Response } from "express";
import type { Logger } from "../../platform/logger.js";

/** Strips CR/LF and other controls, so a value from a request cannot forge a log line. */
function oneLine(value: string | undefined, max = 300): string | undefined {
  // eslint-disable-next-line no-control-regex
  return value?.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, max);
}

/** What a handler adds to its request's line: ids it chose, never content from the body. */
export interface RequestLogFields {
  articleId?: string;
  entryId?: string;
  editor?: string;
}

const FIELDS = Symbol("requestLogFields");
type WithFields = Response & { [FIELDS]?: RequestLogFields };

/** Adds `fields` to the one line this request is logged with (e.g. the entry id it accepted). */
export function logWithRequest(res: Response, fields: RequestLogFields): void {
  const own = res as WithFields;
  own[FIELDS] = { ...own[FIELDS], ...fields };
}

/**
 * One line per request, written when the answer is sent: method, path, status, time, and the
 * ids a handler added. Never headers (tokens), never bodies (entry content), never the query
 * string. Health checks are not logged. Hand-written rather than pino-http: that made a child
 * logger and ran serializers for every request, a tenth of the CPU of a POST.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const url = req.url;
    if (url === "/healthz" || url === "/readyz") {
      next();
      return;
    }
    const start = performance.now();
    const line = (msg: string) => {
      const status = res.statusCode;
      const fields = (res as WithFields)[FIELDS];
      const entry = {
        req: { method: req.method, path: oneLine(url.split("?")[0]), ip: req.ip },
        res: { status },
        responseTime: Math.round(performance.now() - start),
        ...fields,
      };
      if (status >= 500 || msg !== "request completed") logger.warn(entry, msg);
      else logger.info(entry, msg);
    };
    res.once("finish", () => line("request completed"));
    res.once("close", () => {
      if (!res.writableFinished) line("request aborted");
    });
    next();
  };
}
