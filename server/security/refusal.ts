import type { ErrorCode } from "../../protocol/index.js";

/**
 * Why a guard said no, as data: a code from the contract's table and a sentence for people.
 * Guards know nothing of HTTP or sockets; the HTTP middleware (server/http/guards.ts) turns a
 * refusal into an error response, the gateway into an error ack or a refused connection.
 */
export interface Refusal {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Until the limit allows again (`rate_limited`). */
  retryAfterMs?: number;
  /** The `WWW-Authenticate` challenge to answer with, so a browser prompts for credentials. */
  challenge?: string;
}

export function refuse(code: ErrorCode, message: string, extra: Partial<Refusal> = {}): Refusal {
  return { ...extra, ok: false, code, message };
}
