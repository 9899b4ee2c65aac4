import { z } from "zod";
import { idSchema } from "../ids.js";

/** Path parameters shared by the article routes. */
export const articleParams = z.object({ articleId: idSchema });
export const entryParams = z.object({ articleId: idSchema, entryId: idSchema });
