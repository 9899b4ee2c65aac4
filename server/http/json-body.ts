import express, { type Request, type RequestHandler } from "express";
import { HttpError } from "./http-error.js";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Finds a prototype-pollution key anywhere in parsed JSON, without recursion (deep input is fine). */
function findForbiddenKey(value: unknown): string | null {
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (item === null || typeof item !== "object") continue;
    if (Array.isArray(item)) {
      for (const child of item) stack.push(child);
      continue;
    }
    for (const key of Object.keys(item)) {
      if (FORBIDDEN_KEYS.has(key)) return key;
      stack.push((item as Record<string, unknown>)[key]);
    }
  }
  return null;
}

/** The charset a request's Content-Type declares, lower-cased; null when it declares none. */
function charsetOf(req: Request): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers["content-type"] ?? "");
  return match ? (match[1] ?? "").toLowerCase() : null;
}

/**
 * JSON bodies for write routes: `application/json` in UTF-8 only (415 otherwise: JSON between
 * systems is UTF-8, RFC 8259, so another declared charset is refused, not guessed at), at
 * most `limit` bytes (413), well-formed (400 invalid_json), and free of
 * `__proto__`/`constructor` keys.
 */
export function jsonBody(limit: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"];
    if (hasBody && !req.is("application/json")) {
      next(new HttpError("unsupported_media_type", "Send the body as Content-Type: application/json"));
      return;
    }
    const charset = charsetOf(req);
    if (hasBody && charset !== null && charset !== "utf-8" && charset !== "utf8") {
      next(new HttpError("unsupported_media_type", "Send the body as UTF-8"));
      return;
    }
    next();
  };
  const parse = express.json({ limit, strict: false, type: "application/json" });
  const rejectForbidden: RequestHandler = (req, _res, next) => {
    const key = findForbiddenKey(req.body);
    next(key ? new HttpError("forbidden_key", `The key "${key}" is not allowed in a body`) : undefined);
  };
  return [requireJson, parse, rejectForbidden];
}
