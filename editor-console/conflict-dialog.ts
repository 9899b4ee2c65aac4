// Edit conflicts in the console: a correction or retraction is sent with If-Match (the version
// the editor loaded); when another editor changed the entry first the server answers 412 with
// its current version, and the editor sees both and chooses. Nothing is overwritten silently.
import type { Entry } from "../protocol/index.js";
import { safeFragment } from "../client-sdk/ticker/safe-html.js";
import { ApiError } from "./api.js";

/** What the editor was about to send: their text, or nothing for a retraction. */
export interface MyVersion {
  title: string | null;
  body: string;
}

export type ConflictChoice = "theirs" | "mine";

/**
 * The version an entry is at, for If-Match: as protocol's `entryVersion` (1 for entries stored
 * before versions), kept here so the console's bundle does not take in protocol's schemas.
 */
export const entryVersion = (entry: Pick<Entry, "version">): number => entry.version ?? 1;

/** The entry as it stands on the server, from a 412's `details.current`; null for other errors. */
export function currentOfConflict(err: unknown): Entry | null {
  if (!(err instanceof ApiError) || err.status !== 412) return null;
  const current = (err.details as { current?: Entry } | undefined)?.current;
  return current ?? null;
}

function column(heading: string, title: string | null | undefined, content: Node, id: string) {
  const section = document.createElement("section");
  section.className = "conflict-side";
  section.id = id;
  const h = document.createElement("h3");
  h.textContent = heading;
  section.append(h);
  if (title) {
    const t = document.createElement("p");
    t.className = "conflict-title";
    t.textContent = title;
    section.append(t);
  }
  const body = document.createElement("div");
  body.className = "conflict-body";
  body.append(content);
  section.append(body);
  return section;
}

/**
 * Shows the other editor's current version beside the text being saved (or beside the entry
 * about to be retracted) in a modal dialog, and resolves with the editor's choice: keep
 * theirs (discard mine) or overwrite with mine. Closing the dialog (Escape) keeps theirs.
 */
export function chooseOnConflict(theirs: Entry, mine: MyVersion | null): Promise<ConflictChoice> {
  const dialog = document.createElement("dialog");
  dialog.id = "conflict";
  dialog.setAttribute("aria-labelledby", "conflict-heading");
  const heading = document.createElement("h2");
  heading.id = "conflict-heading";
  heading.textContent = "Another editor changed this entry";
  const note = document.createElement("p");
  note.textContent = mine
    ? `It is now at version ${entryVersion(theirs)}. Compare, then choose: nothing is saved until you do.`
    : `It is now at version ${entryVersion(theirs)}. Retract it anyway, or keep it as it is?`;
  const sides = document.createElement("div");
  sides.className = "conflict-sides";
  // Theirs is the server's sanitised HTML, rendered as readers see it; mine is my Markdown, as text.
  sides.append(
    column("Their version (now live)", theirs.title, safeFragment(theirs.html), "conflict-theirs"),
  );
  if (mine)
    sides.append(column("Your version", mine.title, document.createTextNode(mine.body), "conflict-mine"));
  const keep = document.createElement("button");
  keep.type = "button";
  keep.id = "conflict-keep-theirs";
  keep.textContent = mine ? "Keep theirs (discard mine)" : "Keep it (don't retract)";
  const overwrite = document.createElement("button");
  overwrite.type = "button";
  overwrite.id = "conflict-overwrite";
  overwrite.textContent = mine ? "Overwrite with mine" : "Retract anyway";
  const row = document.createElement("div");
  row.className = "row";
  row.append(keep, overwrite);
  dialog.append(heading, note, sides, row);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let choice: ConflictChoice = "theirs";
    keep.addEventListener("click", () => dialog.close());
    overwrite.addEventListener("click", () => {
      choice = "mine";
      dialog.close();
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(choice);
    });
    dialog.showModal();
    keep.focus();
  });
}

/**
 * Sends a conditional change with `version`, and on each 412 asks the editor: keep theirs
 * (resolves false: nothing sent) or overwrite (sent again with the version they were shown,
 * which may meet yet another editor's change, and ask again). Other errors are thrown.
 */
export async function sendUnlessConflict(
  send: (version: number) => Promise<unknown>,
  version: number,
  mine: MyVersion | null,
): Promise<boolean> {
  for (;;) {
    try {
      await send(version);
      return true;
    } catch (err) {
      const current = currentOfConflict(err);
      if (!current) throw err;
      if ((await chooseOnConflict(current, mine)) === "theirs") return false;
      version = entryVersion(current);
    }
  }
}
