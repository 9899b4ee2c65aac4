import { randomBytes } from "node:crypto";
import { newEntrySchema, type NewEntry } from "../../protocol/entry.js";
import type { Draft, DraftPatch } from "../../protocol/draft.js";
import { createOpId, type Operation } from "../../article-log/operation.js";
import { mediaOfNewEntry } from "../http/routes/entry-media.js";

/** Draft ids are entry ids (base36 milliseconds, then randomness): a published draft keeps its id. */
export function newDraftId(): string {
  return `${Date.now().toString(36)}${randomBytes(5).toString("hex")}`;
}

/**
 * A draft's entry with an edit applied: `null` removes an optional field, as a correction does;
 * an empty embeds list removes them. The result is checked as a new entry again (a field the
 * edit removed may have been required).
 */
export function editedEntry(entry: NewEntry, patch: DraftPatch): NewEntry {
  const next: Record<string, unknown> = { ...entry };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return newEntrySchema.parse(next);
}

/**
 * The `entry.create` a publish enqueues: the same operation `POST …/entries` makes, with the
 * draft's id as the entry's (so a retried publish is one job) and its author kept. A
 * `publishAt` that has passed while the draft waited is dropped: the entry goes out now.
 */
export function createOperationOf(draft: Draft): Extract<Operation, { kind: "entry.create" }> {
  const { entry } = draft;
  const publishAt = entry.publishAt && Date.parse(entry.publishAt) > Date.now() ? entry.publishAt : null;
  return {
    kind: "entry.create",
    opId: createOpId(draft.articleId, draft.id),
    articleId: draft.articleId,
    entryId: draft.id,
    acceptedAt: new Date().toISOString(),
    ...(publishAt ? { publishAt: new Date(publishAt).toISOString() } : {}),
    fields: {
      body: entry.body,
      ...(entry.title === undefined ? {} : { title: entry.title }),
      ...(entry.author === undefined ? {} : { author: entry.author }),
      pinned: entry.pinned ?? false,
      keyEvent: entry.keyEvent ?? false,
      ...mediaOfNewEntry(entry),
    },
  };
}
