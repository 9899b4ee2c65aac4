import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../../platform/logger.js";
import { HttpError } from "./http-error.js";

const BODY_PARSER_ERRORS: Record<string, () => HttpError> = {
  "entity.parse.failed": () => new HttpError("invalid_json", "The body is not valid JSON"),
  "entity.too.large": () => new HttpError("payload_too_large", "The body is too large"),
  "charset.unsupported": () => new HttpError("unsupported_media_type", "Send the body as UTF-8"),
  "encoding.unsupported": () => new HttpError("unsupported_media_type", "Unsupported content encoding"),
  "request.aborted": () => new HttpError("bad_request", "The request was aborted"),
  "request.size.invalid": () => new HttpError("bad_request", "Content-Length does not match the body"),
};

/** What ioredis says when a Redis (or a Redis Cluster's primary) cannot take a command now. */
const UNAVAILABLE =
  /Stream isn't writeable|Connection is closed|ECONNREFUSED|ETIMEDOUT|enableOfflineQueue|MaxRetriesPerRequest|Redis not ready|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|LOADING|Too many Cluster redirections|Failed to refresh slots cache|None of startup nodes is available/i;

/**
 * Redis or queue unreachable, or a Redis Cluster between a primary's death and its replica's
 * promotion: the request could not be taken, and the client may retry (with the same
 * `Idempotency-Key`, a write is then taken once).
 */
function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    UNAVAILABLE.test(err.message) ||
    err.name === "MaxRetriesPerRequestError" ||
    err.name === "ClusterAllFailedError"
  );
}

function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  const type = (err as { type?: unknown } | null)?.type;
  if (typeof type === "string" && BODY_PARSER_ERRORS[type]) return BODY_PARSER_ERRORS[type]();
  if (isUnavailable(err)) {
    return new HttpError("unavailable", "Herald cannot reach its store right now; retry shortly", undefined, {
      "Retry-After": "1",
    });
  }
  return null;
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let httpError = toHttpError(err);
    if (!httpError) {
      logger.error({ err, method: req.method, path: req.path }, "unhandled error");
      httpError = new HttpError("internal_error", "Something went wrong on our side");
    } else if (httpError.status >= 500) {
      logger.warn({ err, method: req.method }, httpError.message);
    }
    // No cache keeps an error: a 429 or 401 is one caller's, a 404, 410 or 503 one moment's
    // (the article is created a second later). Replaces a public read's Cache-Control set earlier.
    res
      .status(httpError.status)
      .set("Cache-Control", "no-store")
      .set(httpError.headers ?? {})
      .json(httpError.toResponse());
  };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new HttpError("not_found", "No such route"));
};
