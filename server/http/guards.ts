import type { Request, RequestHandler } from "express";
import type { TokenRecord } from "../auth/token-store.js";
import { takeOrRefuse, type Limiter } from "../security/rate-limits.js";
import type { Refusal } from "../security/refusal.js";
import { HttpError } from "./http-error.js";

/** A guard's refusal as the error HTTP answers with: Retry-After for limits, the Basic challenge. */
export function refusalError(refusal: Refusal): HttpError {
  const headers: Record<string, string> = {};
  if (refusal.retryAfterMs !== undefined) {
    headers["Retry-After"] = String(Math.max(1, Math.ceil(refusal.retryAfterMs / 1000)));
  }
  if (refusal.challenge !== undefined) headers["WWW-Authenticate"] = refusal.challenge;
  return new HttpError(refusal.code, refusal.message, undefined, headers);
}

/** What a guard allowed, or its refusal thrown as an HttpError for the error handler. */
export function allowed<T extends { ok: true }>(result: T | Refusal): T {
  if (!result.ok) throw refusalError(result);
  return result;
}

/** Express middleware: 429 with Retry-After once `keyOf(req)` used up its limit. */
export function limitRequests(limit: Limiter, what: string, keyOf: (req: Request) => string): RequestHandler {
  return async (req, _res, next) => {
    allowed(await takeOrRefuse(limit, keyOf(req), what));
    next();
  };
}

const EDITOR = Symbol("editor");
type WithEditor = Request & { [EDITOR]?: TokenRecord };

/** Keeps the editor token the guard accepted for the rest of the request. */
export function rememberEditor(req: Request, token: TokenRecord): void {
  (req as WithEditor)[EDITOR] = token;
}

/** The editor token the guard accepted for this request. */
export function editorOf(req: Request): TokenRecord {
  const token = (req as WithEditor)[EDITOR];
  if (!token) throw new HttpError("unauthorized", "Send an editor token");
  return token;
}
