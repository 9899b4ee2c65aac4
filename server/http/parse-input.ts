import type { z } from "zod";
import { validationError } from "./http-error.js";

/** Parses untrusted input with a schema, or throws a 400 naming what was wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(what, parsed.error);
  return parsed.data;
}
