import { createOpId, operationSchema } from "../article-log/operation.js";
import { readScheduledIds } from "../article-log/read.js";
import { forgetAccepted, forgetScheduled } from "../article-log/write.js";
import type { AcceptDeps } from "./accept-operation.js";

/** A new entry waiting in the queue for its `publishAt`, as the editor console lists it. */
export interface ScheduledEntry {
  id: string;
  articleId: string;
  publishAt: string | undefined;
  title: string | undefined;
  body: string;
}

/**
 * An article's scheduled entries, soonest first: read from its own index (never by scanning
 * the queue, which holds every article's), then each job by id. An entry whose job ended
 * without applying (it failed for good, or was removed) is dropped from the index here, as is
 * one whose job holds no valid operation (it will fail for good).
 */
export async function listScheduled(deps: AcceptDeps, articleId: string): Promise<ScheduledEntry[]> {
  const ids = await readScheduledIds(deps.redis, deps.keyPrefix, articleId);
  const jobs = await Promise.all(ids.map((id) => deps.queue.getJob(createOpId(articleId, id))));
  const scheduled: ScheduledEntry[] = [];
  const ended: string[] = [];
  ids.forEach((id, i) => {
    const job = jobs[i];
    // Job data is parsed like the worker parses it: a forged job is no scheduled entry.
    const parsed = operationSchema.safeParse(job?.data);
    const op = parsed.success ? parsed.data : null;
    if (!job || job.finishedOn !== undefined || op?.kind !== "entry.create") {
      ended.push(id);
      return;
    }
    scheduled.push({
      id: op.entryId,
      articleId,
      publishAt: op.publishAt,
      title: op.fields.title,
      body: op.fields.body,
    });
  });
  await forgetScheduled(deps.redis, deps.keyPrefix, articleId, ended);
  return scheduled;
}

/**
 * Cancels a scheduled entry that has not gone out: its job is removed and the entry is no
 * longer accepted. False when there is none waiting (never scheduled, or already out).
 */
export async function cancelScheduled(
  deps: AcceptDeps,
  articleId: string,
  entryId: string,
): Promise<boolean> {
  const job = await deps.queue.getJob(createOpId(articleId, entryId));
  if (!job || !(await job.isDelayed())) return false;
  try {
    await job.remove();
  } catch (err) {
    // A worker took it between the check and the removal (BullMQ refuses to remove a locked
    // job): it is going out, so there is nothing left to cancel.
    if (!(await job.isDelayed())) return false;
    throw err;
  }
  await forgetAccepted(deps.redis, deps.keyPrefix, articleId, entryId);
  return true;
}
