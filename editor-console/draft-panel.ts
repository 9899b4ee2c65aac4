import type { Draft, TokenRole } from "../protocol/draft.js";
import type { Api } from "./api.js";
import { renderDraftList } from "./draft-list.js";

/** How often the panel asks for drafts: a contributor's submission shows up within this. */
const REFRESH_MS = 5_000;

export interface DraftPanelDeps {
  container: HTMLElement;
  /** Messages for the editor, e.g. "Draft published." or an error. */
  say: (text: string, kind?: "" | "error") => void;
  failure: (err: unknown) => string;
}

export interface DraftPanel {
  /** Shows `articleId`'s drafts as `role` may act on them, and keeps them fresh. */
  watch(api: Api, role: TokenRole, articleId: string): void;
  refresh(): Promise<void>;
}

const path = (articleId: string, draftId = "") =>
  `/v1/articles/${encodeURIComponent(articleId)}/drafts${draftId ? `/${encodeURIComponent(draftId)}` : ""}`;

/**
 * The console's "Drafts" panel: the article's drafts waiting for review, refreshed every few
 * seconds. Editors edit, publish or reject them; a contributor sees and edits its own. A
 * refresh never replaces a draft being edited.
 */
export function createDraftPanel(deps: DraftPanelDeps): DraftPanel {
  let current: { api: Api; role: TokenRole; articleId: string } | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;

  /** `afterAction`: redraw even over an open edit form (the action just closed it). */
  async function refresh(afterAction = false) {
    const watching = current;
    if (!watching) return;
    const { api, role, articleId } = watching;
    let drafts: Draft[];
    try {
      drafts = (await api.request<{ drafts: Draft[] }>("GET", path(articleId))).drafts;
    } catch {
      return; // shown again on the next refresh
    }
    if (current !== watching || (!afterAction && deps.container.querySelector(".draft-body"))) return;
    const after = (message: string) => () => {
      deps.say(message);
      return refresh(true);
    };
    renderDraftList(deps.container, drafts, {
      canDecide: role === "editor",
      save: (draft, edit) =>
        api.request("PATCH", path(articleId, draft.id), edit).then(after("Draft saved.")),
      publish: (draft) =>
        api.request("POST", `${path(articleId, draft.id)}/publish`).then(after("Draft published.")),
      reject: (draft, reason) =>
        api
          .request("POST", `${path(articleId, draft.id)}/reject`, reason ? { reason } : {})
          .then(after("Draft rejected.")),
      onError: (err) => deps.say(deps.failure(err), "error"),
    });
  }

  return {
    watch(api, role, articleId) {
      current = { api, role, articleId };
      deps.container.replaceChildren();
      clearInterval(timer);
      timer = setInterval(() => void refresh(), REFRESH_MS);
      void refresh();
    },
    refresh: () => refresh(),
  };
}

/** The signed-in token's role; an editor's when the server cannot say (it refuses what is not). */
export async function roleOf(api: Api): Promise<TokenRole> {
  try {
    return (await api.request<{ role: TokenRole }>("GET", "/v1/token")).role;
  } catch {
    return "editor";
  }
}
