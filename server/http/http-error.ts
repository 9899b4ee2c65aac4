import type { ZodError } from "zod";
import { statusOf, type ErrorCode, type ErrorResponse } from "../../protocol/index.js";

/** The one error class of the HTTP layer: a code from the contract's table and a message. */
export class HttpError extends Error {
  override name = "HttpError";
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = statusOf(code);
  }

  toResponse(): ErrorResponse {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** Zod issues as `details`: where and what, never the offending value. */
export function issuesOf(error: ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

export function validationError(what: string, error: ZodError): HttpError {
  const first = error.issues[0];
  const where = first?.path.length ? ` at ${first.path.map(String).join(".")}` : "";
  return new HttpError(
    "validation_failed",
    `Invalid ${what}${where}: ${first?.message ?? "invalid"}`,
    issuesOf(error),
  );
}
