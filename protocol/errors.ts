import { z } from "zod";

/**
 * Every error Herald reports, on HTTP and on the socket, with the HTTP status it maps to.
 * Clients switch on `code`; `message` is for people.
 */
export const ERROR_CODES = {
  invalid_json: 400,
  validation_failed: 400,
  forbidden_key: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  article_not_found: 404,
  entry_not_found: 404,
  article_ended: 409,
  history_expired: 410,
  /** `If-Match` names a version of the entry that is no longer current; `details.current` is. */
  precondition_failed: 412,
  payload_too_large: 413,
  /** An entry whose rendered HTML is over `ENTRY_HTML_MAX_BYTES`. */
  entry_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The body of every error response: `{ error: { code, message, details? } }`. */
export interface ErrorResponse {
  error: ErrorBody;
}

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/** The body of every error response, as a schema (for the OpenAPI document and clients). */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
