import { z } from "zod";

/** The contract's pattern for article and entry ids; checked before an id touches a Redis key. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const idSchema = z.string().regex(ID_PATTERN, "must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

export const articleIdSchema = idSchema;
export const entryIdSchema = idSchema;
