import type { z } from "zod";
import { idSchema } from "../../protocol/index.js";
import { HttpError, validationError } from "./http-error.js";

/** Parses untrusted input with a schema, or throws a 400 naming what was wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(what, parsed.error);
  return parsed.data;
}

/** Checks a path id against the contract's pattern before it touches a Redis key. */
export function parseId(value: unknown, what: "articleId" | "entryId"): string {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(
      "validation_failed",
      `Invalid ${what}: must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`,
    );
  }
  return parsed.data;
}
