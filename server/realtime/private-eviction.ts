import { articleRoom } from "../../protocol/index.js";
import type { Logger } from "../../platform/logger.js";
import { observeFanOut } from "./fanout-observer.js";
import type { LiveNamespace } from "./live-namespace.js";
import type { ReaderGrants } from "./reader-grants.js";

/**
 * The privacy an update shows: an `article.updated` names it; any other record of a private
 * article carries `private: true` (it may overtake the change that made the article private).
 */
function privacyOf(payload: unknown): { articleId: string; isPrivate: boolean } | null {
  if (typeof payload !== "object" || payload === null) return null;
  const record = payload as { type?: unknown; articleId?: unknown; article?: unknown; private?: unknown };
  if (typeof record.articleId !== "string") return null;
  if (record.type !== "article.updated") {
    return record.private === true ? { articleId: record.articleId, isPrivate: true } : null;
  }
  if (typeof record.article !== "object" || record.article === null) return null;
  return {
    articleId: record.articleId,
    isPrivate: (record.article as { private?: unknown }).private === true,
  };
}

/**
 * When an article turns private, every server drops from its room each of its own readers
 * that did not prove a reader token for it, and tells them (`unsubscribed`, reason
 * `article_private`). Every server sees the change: it is an update fanned out to the
 * room, from whichever server or worker applied it. The readers leave before that update is
 * written to anyone, so they get neither it (its title may be new) nor anything after it.
 *
 * A subscribe racing the change checks the article again after its join (answer-subscribe).
 */
export function evictOnPrivate(
  live: LiveNamespace,
  grantsOf: (socketId: string) => ReaderGrants | undefined,
  logger: Logger,
): void {
  observeFanOut(live, (updates) => {
    // A batch is written as one frame: if any of its records is private, its readers without
    // a token leave before it is written, as they would before that record alone.
    const changes = updates.map(privacyOf).filter((c) => c !== null);
    const [first] = changes;
    if (!first) return;
    const { articleId } = first;
    const isPrivate = changes.some((c) => c.isPrivate);
    const room = articleRoom(articleId);
    let evicted = 0;
    // A copy: leaving changes the room while we walk it.
    for (const socketId of [...(live.adapter.rooms.get(room) ?? [])]) {
      const grants = grantsOf(socketId);
      // In seq order: the grant's expiry ends armed if the article ends private.
      for (const change of changes) grants?.privacyChanged(articleId, change.isPrivate);
      if (!isPrivate || grants?.holds(articleId)) continue;
      const socket = live.sockets.get(socketId);
      if (!socket) continue;
      // Synchronous with the in-memory and Redis adapters: gone before this broadcast is sent.
      void socket.leave(room);
      socket.emit("unsubscribed", { articleId, reason: "article_private" });
      evicted++;
    }
    if (evicted > 0)
      logger.info({ articleId, evicted }, "article turned private: readers without a token dropped");
  });
}
