import type { HeraldClient, Subscription } from "../client-sdk/index.js";
import type { Entry } from "../protocol/index.js";
import { entryVersion, sendUnlessConflict } from "./conflict-dialog.js";
import { $, failure, say } from "./console-messages.js";
import type { ConsoleState } from "./console-state.js";
import { renderEntryList } from "./entry-list.js";
import { createReaderCount } from "./reader-count.js";

export interface ReaderViewDeps {
  state: ConsoleState;
  client: HeraldClient;
  /** Opens an entry in the compose form, to correct it. */
  edit: (entry: Entry) => void;
  /** The article's entries changed (a scheduled one may have gone out). */
  onEntries: () => void;
}

export interface ReaderView {
  /** Shows this article live, and how many read it now, in place of the one shown before. */
  watch(articleId: string): void;
}

/**
 * The reader view: the article exactly as readers see it (the same rendering as the widget),
 * live, with an editor's actions on each entry, the connection's state and "N reading now".
 */
export function createReaderView(deps: ReaderViewDeps): ReaderView {
  const { state } = deps;
  let subscription: Subscription | null = null;
  let entries: Entry[] = [];

  // "N reading now" across every server (this console's own connection among them).
  const readerCount = createReaderCount({
    read: async (id) => (await state.api!.getArticle(id)).readers,
    show: (text, at) => {
      $("readers").textContent = text;
      $("readers").title = at ? `Counted at ${new Date(at).toLocaleTimeString()}` : "";
    },
  });

  function renderEntries() {
    renderEntryList($("entries"), entries, {
      edit: deps.edit,
      togglePin: (entry) => state.api!.patch(state.articleId!, entry.id, { pinned: !entry.pinned }),
      retract: async (entry) => {
        // With the version shown: if another editor changed it since, they are shown it first.
        if (confirm("Retract this entry? Readers will no longer see it."))
          await sendUnlessConflict(
            (v) => state.api!.retract(state.articleId!, entry.id, v),
            entryVersion(entry),
            null,
          );
      },
      onError: (err) => say("compose-message", failure(err), "error"),
    });
  }

  function subscribe(id: string) {
    subscription?.unsubscribe();
    $("entries").replaceChildren();
    subscription = deps.client.subscribe(id, {
      onEntries: (list, ctx) => {
        entries = list;
        $("ended-banner").hidden = ctx.article?.status !== "ended";
        renderEntries();
        deps.onEntries();
      },
      onState: (connection) =>
        say(
          "connection",
          connection === "live"
            ? "Live"
            : connection === "reconnecting"
              ? "Connection lost: reconnecting… your draft is kept"
              : connection,
          connection === "live" ? "" : "warn",
        ),
    });
  }

  return {
    watch(articleId) {
      subscribe(articleId);
      readerCount.watch(articleId);
    },
  };
}
