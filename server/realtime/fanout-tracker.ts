import type { Namespace } from "socket.io";
import { articleRoom } from "../../protocol/index.js";
import { observeFanOut } from "./fanout-observer.js";

/** What the tracker reads of an update: its place in the article's log, and when it was applied. */
export interface FannedOut {
  articleId: string;
  epoch: string;
  seq: number;
  at: string;
}

/** Reads only those fields, without validating the whole update (it was, when published). */
function fannedOut(payload: unknown): FannedOut | null {
  if (typeof payload !== "object" || payload === null) return null;
  const { articleId, epoch, seq, at } = payload as Partial<Record<keyof FannedOut, unknown>>;
  if (typeof articleId !== "string" || typeof epoch !== "string" || typeof at !== "string") return null;
  return typeof seq === "number" && Number.isInteger(seq) ? { articleId, epoch, seq, at } : null;
}

interface Position {
  epoch: string | null;
  /**
   * False until a subscribe answer gave a starting point. A reader joins the room before its
   * answer reads the log, so updates fanned out in between are noted in `seen` and counted
   * once the answer's seq is known, not mistaken for a hole.
   */
  anchored: boolean;
  /** Every seq up to here reached this server's readers (by fan-out or in their subscribe answer). */
  contiguous: number;
  /** Seqs above `contiguous` already fanned out: out of order, or after a hole. */
  seen: Set<number>;
}

export interface FanOutTracker {
  /** A reader of `articleId` was answered up to `seq`: the starting point if nothing is known. */
  noteSubscribed(articleId: string, epoch: string, seq: number): void;
  /** Articles with readers here whose fan-out has a hole, with the seq it starts after. */
  holes(): { articleId: string; epoch: string | null; after: number }[];
  /** Every article with readers here, with its last contiguous seq. */
  positions(): { articleId: string; epoch: string | null; after: number }[];
  /** Marks everything up to `seq` as delivered (after a repair sent it). */
  repaired(articleId: string, epoch: string, seq: number): void;
}

const ROOM_PREFIX = articleRoom("");
/** Updates remembered for a room whose first subscribe answer has not come yet. */
const MAX_EARLY_SEQS = 1_000;

/**
 * Follows what this server fans out, per article room (see observeFanOut). Knowing the last
 * contiguous seq lets the server resend from the log what pub/sub dropped while its
 * subscriber was away (Redis pub/sub keeps nothing).
 */
export function trackFanOut(
  live: Namespace,
  onUpdate: (update: FannedOut, recipients: number) => void,
): FanOutTracker {
  const { adapter } = live;
  const positions = new Map<string, Position>();
  observeFanOut(live, (updates) => {
    // A batch, in seq order: its highest seq is where the fan-out got to.
    for (const payload of updates) {
      const update = fannedOut(payload);
      if (update) observe(update);
    }
  });
  adapter.on("delete-room", (room: string) => {
    if (room.startsWith(ROOM_PREFIX)) positions.delete(room.slice(ROOM_PREFIX.length));
  });

  function observe(update: FannedOut) {
    const recipients = adapter.rooms.get(articleRoom(update.articleId))?.size ?? 0;
    onUpdate(update, recipients);
    const position = positions.get(update.articleId);
    if (!position || (!position.anchored && position.epoch !== update.epoch)) {
      if (recipients > 0) {
        positions.set(update.articleId, {
          epoch: update.epoch,
          anchored: false,
          contiguous: 0,
          seen: new Set([update.seq]),
        });
      }
      return;
    }
    if (!position.anchored) {
      // Bounded while no answer comes (a subscribe that failed after its join): only the
      // moments before an answer matter.
      if (position.seen.size >= MAX_EARLY_SEQS) position.seen.clear();
      position.seen.add(update.seq);
      return;
    }
    if (position.epoch !== update.epoch) {
      positions.set(update.articleId, {
        epoch: update.epoch,
        anchored: true,
        contiguous: update.seq,
        seen: new Set(),
      });
      return;
    }
    if (update.seq <= position.contiguous) return;
    position.seen.add(update.seq);
    while (position.seen.delete(position.contiguous + 1)) position.contiguous++;
  }

  const list = (filter: (p: Position) => boolean) =>
    [...positions]
      .filter(([, p]) => p.anchored && filter(p))
      .map(([articleId, p]) => ({ articleId, epoch: p.epoch, after: p.contiguous }));

  return {
    noteSubscribed(articleId, epoch, seq) {
      const position = positions.get(articleId);
      if (position?.anchored && position.epoch === epoch) return;
      const early = position?.epoch === epoch ? [...position.seen].filter((s) => s > seq) : [];
      const anchored: Position = { epoch, anchored: true, contiguous: seq, seen: new Set(early) };
      while (anchored.seen.delete(anchored.contiguous + 1)) anchored.contiguous++;
      positions.set(articleId, anchored);
    },
    holes: () => list((p) => p.seen.size > 0),
    positions: () => list(() => true),
    repaired(articleId, epoch, seq) {
      const position = positions.get(articleId);
      if (!position?.anchored || position.epoch !== epoch || seq <= position.contiguous) return;
      position.contiguous = seq;
      for (const s of position.seen) if (s <= seq) position.seen.delete(s);
      while (position.seen.delete(position.contiguous + 1)) position.contiguous++;
    },
  };
}
