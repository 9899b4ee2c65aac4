import type { RequestHandler } from "express";
import { HttpError } from "../http/http-error.js";
import type { TokenStore } from "./token-store.js";

/** The editor token from `Bearer <token>`, or from Basic auth's password (browsers prompt for it). */
function tokenFrom(header: string): string | null {
  const bearer = /^Bearer (\S+)$/i.exec(header);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic (\S+)$/i.exec(header);
  if (!basic?.[1]) return null;
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  return decoded.slice(decoded.indexOf(":") + 1) || null;
}

/**
 * Operator routes (webhooks, the audit log of everything, the queue dashboard): a token made
 * with `--operator`. Writing every article (`*`) is not enough. Browsers get a Basic-auth
 * prompt; any user name, the token as password.
 */
export function requireAdmin(tokens: TokenStore): RequestHandler {
  return async (req, res, next) => {
    const token = tokenFrom(req.headers.authorization ?? "");
    try {
      const record = token ? await tokens.verify(token) : null;
      if (!record) {
        res.set("WWW-Authenticate", 'Basic realm="Herald operators", charset="UTF-8"');
        next(new HttpError("unauthorized", "Sign in with an operator token"));
        return;
      }
      if (!record.operator) {
        next(
          new HttpError("forbidden", "This needs an operator token: npm run token -- create … --operator"),
        );
        return;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
