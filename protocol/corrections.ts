import { z } from "zod";
import { entryIdSchema } from "./ids.js";

/** One labelled correction as the article's list shows it. */
export const articleCorrectionSchema = z.object({
  entryId: entryIdSchema,
  note: z.string(),
  at: z.string(),
  /** The entry's title as it stands now, when it has one. */
  entryTitle: z.string().optional(),
});
export type ArticleCorrection = z.infer<typeof articleCorrectionSchema>;

/**
 * `GET /v1/articles/:articleId/corrections`: labelled corrections of live entries, newest
 * first (a retracted entry's are left out with it).
 */
export const articleCorrectionsSchema = z.object({ corrections: z.array(articleCorrectionSchema) });
export type ArticleCorrections = z.infer<typeof articleCorrectionsSchema>;
