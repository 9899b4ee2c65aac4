import { refuse, type Refusal } from "../security/refusal.js";
import type { TokenRecord, TokenStore } from "./token-store.js";

const CHALLENGE = 'Basic realm="Herald operators", charset="UTF-8"';

/** The token from `Bearer <token>`, or from Basic auth's password (browsers prompt for it). */
function tokenFrom(authorization: string): string | null {
  const bearer = /^Bearer (\S+)$/i.exec(authorization);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic (\S+)$/i.exec(authorization);
  if (!basic?.[1]) return null;
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  return decoded.slice(decoded.indexOf(":") + 1) || null;
}

/**
 * Operator surfaces (webhooks, the audit log of everything, the queue dashboard): a token made
 * with `--operator`; writing every article (`*`) is not enough. Without a live token the
 * refusal carries a Basic challenge, so a browser prompts: any user name, the token as password.
 */
export async function checkOperator(
  tokens: TokenStore,
  authorization: string | undefined,
): Promise<{ ok: true; token: TokenRecord } | Refusal> {
  const token = tokenFrom(authorization ?? "");
  const record = token ? await tokens.verify(token) : null;
  if (!record) return refuse("unauthorized", "Sign in with an operator token", { challenge: CHALLENGE });
  if (!record.operator) {
    return refuse("forbidden", "This needs an operator token: npm run token -- create … --operator");
  }
  return { ok: true, token: record };
}
