import type { Entry } from "../protocol/index.js";
import type { ComposeMedia } from "./compose-media.js";
import { entryVersion, sendUnlessConflict } from "./conflict-dialog.js";
import { $, failure, say } from "./console-messages.js";
import type { ConsoleState } from "./console-state.js";

/** The compose form's text fields. */
export interface ComposeFields {
  body: HTMLTextAreaElement;
  title: HTMLInputElement;
  author: HTMLInputElement;
}

export interface ComposeSubmitDeps {
  state: ConsoleState;
  fields: ComposeFields;
  media: ComposeMedia;
  /** The entry being corrected, or null: the form holds a new entry. */
  editing: () => Entry | null;
  /** The idempotency key of the draft in the form, the same for every retry. */
  draftKey: () => string;
  /** Empties the form: what it held was sent. */
  reset: () => void;
  /** A contributor's entry went for review. */
  submittedForReview: () => void;
  /** An entry was scheduled. */
  scheduled: () => void;
}

/** The public note of a labelled correction, when the editor wrote one (none: a silent fix). */
function correctionNote(): { correction?: string } {
  const note = $<HTMLInputElement>("correction-note").value.replace(/\s+/g, " ").trim();
  return note ? { correction: note } : {};
}

/**
 * The compose form's send path, on submit and on Ctrl+Enter (⌘+Enter): publish, schedule or
 * submit for review a new entry, or save a correction (asking the editor on a conflict). On a
 * failure the text is kept; a double click sends once.
 */
export function wireComposeSubmit(deps: ComposeSubmitDeps): void {
  const { state, fields, media } = deps;
  const { body, title, author } = fields;
  let publishing = false;

  async function publish() {
    const { api, articleId } = state;
    if (!api || !articleId || publishing) return; // a double click sends once
    if (!body.value.trim()) return say("compose-message", "Write something first.", "error");
    const withMedia = media.value();
    if ("error" in withMedia) return say("compose-message", withMedia.error, "error");
    publishing = true;
    $<HTMLButtonElement>("publish").disabled = true;
    say("compose-message", "Sending…");
    const flags = {
      keyEvent: $<HTMLInputElement>("key-event").checked,
      pinned: $<HTMLInputElement>("pinned").checked,
    };
    const editing = deps.editing();
    try {
      if (editing) {
        const patch = {
          body: body.value,
          title: title.value.trim() || null,
          ...flags,
          ...correctionNote(),
          ...withMedia.patch,
        };
        const { id } = editing;
        // If-Match: the version this editor loaded; on a conflict they see both and choose.
        const saved = await sendUnlessConflict(
          (v) => state.api!.patch(state.articleId!, id, patch, v),
          entryVersion(editing),
          { title: patch.title, body: patch.body },
        );
        say(
          "compose-message",
          saved ? "Correction saved." : "Kept the other editor's version; yours was discarded.",
        );
      } else {
        const at = $<HTMLInputElement>("publish-at").value;
        await api.post(
          articleId,
          {
            body: body.value,
            ...(title.value.trim() ? { title: title.value.trim() } : {}),
            ...(author.value.trim() ? { author: { name: author.value.trim() } } : {}),
            ...flags,
            ...withMedia.post,
            ...(at ? { publishAt: new Date(at).toISOString() } : {}),
          },
          // The same key for every retry of this draft: the server makes one entry of it.
          deps.draftKey(),
        );
        if (state.role === "contributor") {
          say("compose-message", "Submitted for review.");
          deps.submittedForReview();
        } else say("compose-message", at ? "Scheduled." : "Published.");
        if (at) deps.scheduled();
      }
      deps.reset();
    } catch (err) {
      say("compose-message", `Not sent: ${failure(err)} Your text is kept.`, "error");
    } finally {
      publishing = false;
      $<HTMLButtonElement>("publish").disabled = false;
    }
  }

  $("compose").addEventListener("submit", (event) => {
    event.preventDefault();
    void publish();
  });
  body.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void publish();
    }
  });
}
