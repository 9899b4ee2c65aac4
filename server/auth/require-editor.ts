import type { Request, RequestHandler } from "express";
import { HttpError } from "../http/http-error.js";
import { rateLimitedError, type Limiter } from "../security/rate-limits.js";
import { tokenAllows, type TokenRecord, type TokenStore } from "./token-store.js";

const EDITOR = Symbol("editor");
type WithEditor = Request & { [EDITOR]?: TokenRecord };

/** The bearer token of a request, if it sent one. */
export function bearerToken(req: Request): string | null {
  const match = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1] ?? null;
}

/**
 * Requires `Authorization: Bearer <editor token>`: 401 when missing, unknown, revoked or
 * expired (checked in Redis on every request, so a revocation takes effect at once), then
 * 429 once the token used up its writes for the minute.
 */
export function requireEditor(tokens: TokenStore, writes?: Limiter): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req);
    if (!token) {
      next(new HttpError("unauthorized", "Send an editor token: Authorization: Bearer <token>"));
      return;
    }
    try {
      const record = await tokens.verify(token);
      if (!record) {
        next(new HttpError("unauthorized", "The token is unknown, revoked or expired"));
        return;
      }
      const allowed = writes ? await writes.take(record.id) : { ok: true as const };
      if (!allowed.ok) {
        next(rateLimitedError(allowed.retryAfterMs, "writes for this token"));
        return;
      }
      (req as WithEditor)[EDITOR] = record;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The editor of an authenticated request; throws 403 when the token may not write this article. */
export function editorFor(req: Request, articleId: string): TokenRecord {
  const record = (req as WithEditor)[EDITOR];
  if (!record) throw new HttpError("unauthorized", "Send an editor token");
  if (!tokenAllows(record, articleId)) {
    throw new HttpError("forbidden", `This token may not write the article "${articleId}"`);
  }
  return record;
}
