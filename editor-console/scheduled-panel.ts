import { $, failure, say } from "./console-messages.js";
import type { ConsoleState } from "./console-state.js";
import { renderScheduledList } from "./scheduled-list.js";

/**
 * The open article's scheduled entries, each with a Cancel button. Returns the refresh to call
 * whenever they may have changed (an entry scheduled, or gone out).
 */
export function createScheduledPanel(state: ConsoleState): () => Promise<void> {
  async function refresh(): Promise<void> {
    if (!state.api || !state.articleId) return;
    try {
      const { scheduled } = await state.api.scheduled(state.articleId);
      renderScheduledList($("scheduled"), scheduled, (item) => {
        void state
          .api!.cancelScheduled(state.articleId!, item.id)
          .then(refresh, (err: unknown) => say("compose-message", failure(err), "error"));
      });
    } catch {
      // Shown again on the next refresh.
    }
  }
  return refresh;
}
