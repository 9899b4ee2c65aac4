import { readFileSync } from "node:fs";
import type { RedisClient } from "../platform/redis.js";
import { articleCorrectionSchema, type ArticleCorrection } from "../protocol/index.js";
import { articleKeys } from "./keys.js";

const SCRIPT = readFileSync(new URL("./read-corrections.lua", import.meta.url), "utf8");

interface ReadCommand {
  heraldReadCorrections(...args: (string | number)[]): Promise<string[]>;
}

/**
 * An article's labelled corrections, newest first, at most `limit`: those of retracted
 * entries are left out (their notes would name what was taken back), each with its entry's
 * current title. The apply script keeps the index (apply-operation.lua, `corrections`).
 */
export async function readCorrections(
  redis: RedisClient,
  prefix: string,
  articleId: string,
  limit: number,
): Promise<ArticleCorrection[]> {
  const withCommand = redis as RedisClient & Partial<ReadCommand>;
  if (!withCommand.heraldReadCorrections) {
    redis.defineCommand("heraldReadCorrections", { numberOfKeys: 2, lua: SCRIPT });
  }
  const keys = articleKeys(prefix, articleId);
  const rows = await (withCommand as RedisClient & ReadCommand).heraldReadCorrections(
    keys.corrections,
    keys.entries,
    limit,
  );
  return rows.map((row) => articleCorrectionSchema.parse(JSON.parse(row)));
}
