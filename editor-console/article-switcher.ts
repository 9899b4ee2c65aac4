import { ApiError, type Api } from "./api.js";
import { $, failure, say } from "./console-messages.js";
import type { ConsoleState } from "./console-state.js";

export interface ArticleSwitcherDeps {
  state: ConsoleState;
  /** `articleId` is now the article edited: show it, its drafts and its schedule. */
  opened: (articleId: string, api: Api) => void;
}

export interface ArticleSwitcher {
  /** Opens an article to edit; `announce` false keeps the message shown (a save's "Saved …"). */
  open(articleId: string, announce?: boolean): Promise<void>;
}

/**
 * The article form: open an article by id (one that does not exist yet opens too, ready to be
 * created), or create it / save its title and status. The article opened is remembered for this
 * tab and as the last one on this browser.
 */
export function createArticleSwitcher(deps: ArticleSwitcherDeps): ArticleSwitcher {
  const { state } = deps;
  const session = window.sessionStorage;
  const local = window.localStorage;

  async function open(id: string, announce = true) {
    const { api } = state;
    if (!api) return;
    try {
      const article = await api.getArticle(id);
      $<HTMLInputElement>("article-title").value = article.title;
      $<HTMLSelectElement>("article-status").value = article.status;
      if (announce) say("article-message", `Editing “${article.title}”.`);
    } catch (err) {
      if (err instanceof ApiError && err.code === "article_not_found") {
        say("article-message", "No such article yet: give it a title and press Create / save.", "warn");
      } else {
        say("article-message", failure(err), "error");
        return;
      }
    }
    state.articleId = id;
    session.setItem("herald-article", id);
    local.setItem("herald-last-article", id);
    deps.opened(id, api);
  }

  $("article-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void open($<HTMLInputElement>("article-id").value.trim());
  });
  $("save-article").addEventListener("click", async () => {
    const { api } = state;
    if (!api) return;
    const id = $<HTMLInputElement>("article-id").value.trim();
    const title = $<HTMLInputElement>("article-title").value.trim();
    if (!id || !title) return say("article-message", "An article needs an id and a title.", "error");
    try {
      const article = await api.putArticle(id, {
        title,
        status: $<HTMLSelectElement>("article-status").value as "live" | "ended",
      });
      say("article-message", `Saved “${article.title}” (${article.status}).`);
      // Opened without a word: "Saved …" must stay, not flash and give way to "Editing …".
      if (state.articleId !== id) await open(id, false);
    } catch (err) {
      say("article-message", failure(err), "error");
    }
  });

  return { open };
}
