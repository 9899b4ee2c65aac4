import type { Entry } from "../protocol/index.js";
import { safeFragment } from "../client-sdk/ticker/safe-html.js";
import { createComposeMedia } from "./compose-media.js";
import { createComposePreview } from "./compose-preview.js";
import { wireComposeSubmit } from "./compose-submit.js";
import { $ } from "./console-messages.js";
import { publishLabel, type ConsoleState } from "./console-state.js";

export interface ComposeFormDeps {
  state: ConsoleState;
  /** A contributor's entry went for review. */
  submittedForReview: () => void;
  /** An entry was scheduled. */
  scheduled: () => void;
}

export interface ComposeForm {
  /** Loads an entry into the form, to correct it. */
  startEditing(entry: Entry): void;
}

/**
 * The compose form: title, text, picture and embeds with a preview rendered by the publishing
 * pipeline, the author's name (kept on this browser), and the draft kept for this tab until it
 * is sent. It holds a new entry, or a correction of an entry picked in the reader view.
 */
export function createComposeForm(deps: ComposeFormDeps): ComposeForm {
  const { state } = deps;
  const session = window.sessionStorage;
  const local = window.localStorage;
  let editing: Entry | null = null;

  const body = $<HTMLTextAreaElement>("entry-body");
  const title = $<HTMLInputElement>("entry-title");
  const author = $<HTMLInputElement>("author");
  author.value = local.getItem("herald-author") ?? "";

  function draftKey(): string {
    let key = session.getItem("herald-draft-key");
    if (!key) {
      key = crypto.randomUUID();
      session.setItem("herald-draft-key", key);
    }
    return key;
  }

  function saveDraft() {
    session.setItem("herald-draft", JSON.stringify({ title: title.value, body: body.value }));
  }
  const draft = JSON.parse(session.getItem("herald-draft") ?? "{}") as { title?: string; body?: string };
  title.value = draft.title ?? "";
  body.value = draft.body ?? "";

  const preview = createComposePreview({
    currentText: () => body.value,
    render: async (text, signal) => {
      if (!state.api) throw new Error("signed out");
      return (await state.api.preview(text, signal)).html;
    },
    show: (html) => $("preview").replaceChildren(safeFragment(html)),
  });
  const schedulePreview = () => preview.schedule();
  for (const input of [body, title]) {
    input.addEventListener("input", () => {
      saveDraft();
      schedulePreview();
    });
  }
  author.addEventListener("change", () => local.setItem("herald-author", author.value));
  const media = createComposeMedia();

  function startEditing(entry: Entry) {
    editing = entry;
    title.value = entry.title ?? "";
    body.value = entry.body;
    media.fill(entry);
    $<HTMLInputElement>("key-event").checked = entry.keyEvent;
    $<HTMLInputElement>("pinned").checked = entry.pinned;
    $<HTMLInputElement>("correction-note").value = "";
    $("correction-row").hidden = false;
    $("compose-heading").textContent = "Correct entry";
    $("publish").textContent = "Save correction";
    $("cancel-edit").hidden = false;
    schedulePreview();
    body.focus();
  }

  function reset() {
    editing = null;
    title.value = "";
    body.value = "";
    media.clear();
    $<HTMLInputElement>("key-event").checked = false;
    $<HTMLInputElement>("pinned").checked = false;
    $<HTMLInputElement>("publish-at").value = "";
    session.removeItem("herald-draft");
    session.removeItem("herald-draft-key");
    $<HTMLInputElement>("correction-note").value = "";
    $("correction-row").hidden = true;
    $("compose-heading").textContent = "New entry";
    $("publish").textContent = publishLabel(state.role);
    $("cancel-edit").hidden = true;
    preview.reset(); // a render still on its way must not bring back the text just sent
  }
  $("cancel-edit").addEventListener("click", reset);

  wireComposeSubmit({
    state,
    fields: { body, title, author },
    media,
    editing: () => editing,
    draftKey,
    reset,
    submittedForReview: deps.submittedForReview,
    scheduled: deps.scheduled,
  });

  return { startEditing };
}
