import { takeOrRefuse, type Limiter } from "../security/rate-limits.js";
import { refuse, type Refusal } from "../security/refusal.js";
import { tokenAllows, type TokenRecord, type TokenStore } from "./token-store.js";

/** The token of an `Authorization: Bearer <token>` header, if it is one. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer (\S+)$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}

/**
 * An editor token from `Authorization: Bearer`: refused (401) when missing, unknown, revoked
 * or expired (as `tokens` says: the server's store trusts a verified token for at most
 * `TOKEN_CACHE_MS`, so a revocation applies within a second), then (429) once the token used
 * up its `writes` for the minute, when a limiter is given.
 */
export async function checkEditor(
  tokens: TokenStore,
  authorization: string | undefined,
  writes?: Limiter,
): Promise<{ ok: true; token: TokenRecord } | Refusal> {
  const token = bearerToken(authorization);
  if (!token) return refuse("unauthorized", "Send an editor token: Authorization: Bearer <token>");
  const record = await tokens.verify(token);
  if (!record) return refuse("unauthorized", "The token is unknown, revoked or expired");
  const allowed = writes ? await takeOrRefuse(writes, record.id, "writes for this token") : null;
  return allowed && !allowed.ok ? allowed : { ok: true, token: record };
}

/** The token, if its article patterns cover `articleId`; refused (403) otherwise. */
export function checkScope(
  token: TokenRecord,
  articleId: string,
): { ok: true; token: TokenRecord } | Refusal {
  return tokenAllows(token, articleId)
    ? { ok: true, token }
    : refuse("forbidden", `This token may not write the article "${articleId}"`);
}
