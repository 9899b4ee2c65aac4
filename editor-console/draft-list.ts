import type { Draft } from "../protocol/draft.js";

/** What the console does when someone acts on a draft. */
export interface DraftActions {
  /** Editors publish and reject; a contributor only edits its own. */
  canDecide: boolean;
  save: (draft: Draft, edit: { title: string | null; body: string }) => Promise<unknown>;
  publish: (draft: Draft) => Promise<unknown>;
  /** `reason` null: the editor cancelled the prompt. */
  reject: (draft: Draft, reason: string | undefined) => Promise<unknown>;
  onError: (err: unknown) => void;
}

function button(label: string, run: () => Promise<unknown> | void, onError: (err: unknown) => void) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.addEventListener("click", () => {
    b.disabled = true;
    Promise.resolve()
      .then(run)
      .catch(onError)
      .finally(() => (b.disabled = false));
  });
  return b;
}

/** The draft as text (never as HTML: it has not been through an editor yet). */
function draftView(draft: Draft): HTMLElement[] {
  const meta = document.createElement("div");
  meta.className = "meta";
  const by = draft.entry.author?.name ?? draft.submittedBy.name;
  meta.textContent = `${by} · submitted by ${draft.submittedBy.name} · ${new Date(draft.updatedAt).toLocaleTimeString()}`;
  const nodes: HTMLElement[] = [meta];
  if (draft.entry.title) {
    const title = document.createElement("strong");
    title.className = "entry-title";
    title.textContent = draft.entry.title;
    nodes.push(title);
  }
  const body = document.createElement("p");
  body.className = "body";
  body.textContent = draft.entry.body;
  nodes.push(body);
  return nodes;
}

/** Swaps the draft's text for a form that edits title and body in place. */
function editForm(item: HTMLElement, draft: Draft, actions: DraftActions, redraw: () => void) {
  const title = document.createElement("input");
  title.className = "draft-title";
  title.value = draft.entry.title ?? "";
  title.placeholder = "Title (optional)";
  title.setAttribute("aria-label", "Draft title");
  const body = document.createElement("textarea");
  body.className = "draft-body";
  body.rows = 4;
  body.value = draft.entry.body;
  body.setAttribute("aria-label", "Draft text");
  const bar = document.createElement("div");
  bar.className = "actions";
  bar.append(
    button(
      "Save draft",
      () => actions.save(draft, { title: title.value.trim() || null, body: body.value }),
      actions.onError,
    ),
    button("Cancel", redraw, actions.onError),
  );
  item.replaceChildren(title, body, bar);
  body.focus();
}

/**
 * Drafts waiting for review, oldest first: an editor edits, publishes or rejects each; a
 * contributor sees and edits its own.
 */
export function renderDraftList(container: HTMLElement, drafts: Draft[], actions: DraftActions): void {
  if (drafts.length === 0) {
    const empty = document.createElement("p");
    empty.className = "empty";
    empty.textContent = "No drafts waiting.";
    container.replaceChildren(empty);
    return;
  }
  container.replaceChildren(
    ...drafts.map((draft) => {
      const item = document.createElement("div");
      item.className = "draft";
      item.dataset.draftId = draft.id;
      const redraw = () => {
        const bar = document.createElement("div");
        bar.className = "actions";
        bar.append(button("Edit", () => editForm(item, draft, actions, redraw), actions.onError));
        if (actions.canDecide) {
          bar.append(
            button("Publish", () => actions.publish(draft), actions.onError),
            button(
              "Reject",
              () => {
                const reason = prompt("Reject this draft? A reason for the record (optional):");
                if (reason === null) return;
                return actions.reject(draft, reason.trim() || undefined);
              },
              actions.onError,
            ),
          );
        }
        item.replaceChildren(...draftView(draft), bar);
      };
      redraw();
      return item;
    }),
  );
}
