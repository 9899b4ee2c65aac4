import type { Request, RequestHandler } from "express";
import { HttpError } from "../http/http-error.js";
import { tokenAllows, type TokenRecord, type TokenStore } from "./token-store.js";

const EDITOR = Symbol("editor");
type WithEditor = Request & { [EDITOR]?: TokenRecord };

/** Requires `Authorization: Bearer <editor token>`; 401 when missing, unknown, revoked or expired. */
export function requireEditor(tokens: TokenStore): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (!match?.[1]) {
      next(new HttpError("unauthorized", "Send an editor token: Authorization: Bearer <token>"));
      return;
    }
    try {
      const record = await tokens.verify(match[1]);
      if (!record) {
        next(new HttpError("unauthorized", "The token is unknown, revoked or expired"));
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
