import { buildEmbeds, type EntryPatch, type NewEntry } from "../../../protocol/index.js";
import type { Operation } from "../../../article-log/operation.js";

type CreateFields = Extract<Operation, { kind: "entry.create" }>["fields"];
type UpdatePatch = Extract<Operation, { kind: "entry.update" }>["patch"];

/**
 * A new entry's picture and embeds as the job carries them: each embed URL read into the
 * provider's own embed URL here, once (the schema has refused any other), and no empty list.
 */
export function mediaOfNewEntry(input: NewEntry): Pick<CreateFields, "image" | "embeds"> {
  const embeds = input.embeds ? buildEmbeds(input.embeds) : null;
  return {
    ...(input.image ? { image: input.image } : {}),
    ...(embeds ? { embeds } : {}),
  };
}

/** A correction as the job carries it: embeds read like a new entry's; `[]` removes them, as `null` does. */
export function patchWithMedia<P extends EntryPatch>(
  patch: P,
): Omit<P, "embeds"> & Pick<UpdatePatch, "embeds"> {
  const { embeds, ...rest } = patch;
  if (embeds === undefined) return rest;
  return { ...rest, embeds: embeds === null ? null : buildEmbeds(embeds) };
}
