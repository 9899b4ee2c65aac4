import {
  BATCHES_AUTH_FIELD,
  SINGLE_UPDATE_READERS_ROOM,
  articleRoom,
  type LiveHandshakeAuth,
  type Update,
} from "../../protocol/index.js";
import { observeFanOut } from "./fanout-observer.js";
import type { LiveNamespace } from "./live-namespace.js";

/** Whether a reader's handshake announced that it takes `updates` batches. */
function takesBatches(auth: unknown): boolean {
  return (
    typeof auth === "object" && auth !== null && (auth as LiveHandshakeAuth)[BATCHES_AUTH_FIELD] === true
  );
}

/**
 * Readers whose client did not announce batches (an embedding site's cached older SDK, which
 * knows only `update`) join SINGLE_UPDATE_READERS_ROOM on connection. Workers send a batch to
 * an article's room except that room, and this sends those readers each of the batch's
 * updates alone, in seq order, right after the batch: they lose nothing and need nothing new.
 *
 * Call it after evictOnPrivate: listeners run in the order they were added, so readers a
 * private record evicts have left the room before their single updates are addressed.
 */
export function sendBatchesSingly(live: LiveNamespace): void {
  live.on("connection", (socket) => {
    if (!takesBatches(socket.handshake.auth)) void socket.join(SINGLE_UPDATE_READERS_ROOM);
  });
  observeFanOut(live, (updates, batched) => {
    if (!batched) return;
    const singles = live.adapter.rooms.get(SINGLE_UPDATE_READERS_ROOM);
    const [first] = updates;
    if (!singles || typeof first !== "object" || first === null) return;
    const { articleId } = first as { articleId?: unknown };
    if (typeof articleId !== "string") return;
    const readers = live.adapter.rooms.get(articleRoom(articleId));
    if (!readers) return;
    // The smaller set is walked: readers without batches are few.
    const targets = [...singles].filter((socketId) => readers.has(socketId));
    if (targets.length === 0) return;
    const to = live.local.to(targets);
    // The same objects as the batch's: the observer has told its listeners of them already.
    for (const update of updates) to.emit("update", update as Update);
  });
}
