import type { Response } from "express";
import { readEntry } from "../../../article-log/read.js";
import { entryVersion, type Entry } from "../../../protocol/index.js";
import { jobIdOf } from "../../../queue/entries-queue.js";
import type { Operation } from "../../../article-log/operation.js";
import type { AppDeps } from "../app-deps.js";
import { HttpError } from "../http-error.js";

/**
 * How long a request with `If-Match` waits for its change to be applied (milliseconds,
 * normally). Past this it answers `202` as without If-Match: the change stays queued, and
 * its version is still checked when it is applied.
 */
const OUTCOME_WAIT_MS = 10_000;

/** An entry's ETag: its version, quoted. */
export const entryEtag = (entry: Entry) => `"${entryVersion(entry)}"`;

/** `412 precondition_failed` with the entry as it stands, for the editor to compare. */
export function preconditionFailed(current: Entry): HttpError {
  return new HttpError(
    "precondition_failed",
    `The entry was changed by someone else: it is at version ${entryVersion(current)}. Compare, then send again with If-Match: "${entryVersion(current)}" to overwrite.`,
    { current },
  );
}

/**
 * The fast refusal, before anything is queued: `If-Match` names a version the entry is no
 * longer at. (The apply checks again, atomically, for changes that race this one.)
 */
export function refuseIfStale(current: Entry | null, ifVersion: number | undefined): void {
  if (ifVersion !== undefined && current && entryVersion(current) !== ifVersion)
    throw preconditionFailed(current);
}

async function currentEntry(deps: AppDeps, op: Operation & { entryId: string }): Promise<Entry> {
  const entry = await readEntry(deps.redis, deps.config.KEY_PREFIX, op.articleId, op.entryId);
  if (!entry || entry.deleted) {
    throw new HttpError("entry_not_found", `No entry "${op.entryId}" in article "${op.articleId}"`);
  }
  return entry;
}

/**
 * Answers a conditional change (a PATCH or DELETE with If-Match) once its job has run:
 * `200` with the entry it made (and its ETag), `412` with the current entry when another
 * change came first, `404` when the entry was retracted meanwhile, `202` if it is still queued.
 */
export async function answerWhenApplied(
  deps: AppDeps,
  op: Extract<Operation, { kind: "entry.update" | "entry.delete" }>,
  res: Response,
): Promise<void> {
  const outcome = await deps.jobOutcomes.wait(jobIdOf(op), OUTCOME_WAIT_MS);
  if (outcome.kind === "pending") {
    res.status(202).json({ id: op.entryId, articleId: op.articleId, status: "queued" });
    return;
  }
  if (outcome.kind === "failed") {
    if (outcome.reason === "entry_too_large") {
      throw new HttpError("entry_too_large", "The body renders to more HTML than ENTRY_HTML_MAX_BYTES");
    }
    throw new HttpError("entry_not_found", `No entry "${op.entryId}" in article "${op.articleId}"`);
  }
  if (outcome.result.staleVersion !== undefined) throw preconditionFailed(await currentEntry(deps, op));
  const entry = await readEntry(deps.redis, deps.config.KEY_PREFIX, op.articleId, op.entryId);
  if (!entry) throw new HttpError("entry_not_found", `No entry "${op.entryId}" in article "${op.articleId}"`);
  res.status(200).set("ETag", entryEtag(entry)).json(entry);
}
