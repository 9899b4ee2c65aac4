import { articleRoom } from "../../protocol/index.js";

/** How many articles one socket may follow at once. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 50;

const ROOM_PREFIX = articleRoom("");

export interface SubscriptionSlots {
  /**
   * Takes a slot for `articleId` at once, before anything is awaited, or answers null when
   * the socket already follows or is subscribing to the maximum. Call the returned release
   * when the subscribe is answered: by then a successful one holds its slot as a room.
   */
  reserve(articleId: string): (() => void) | null;
}

/**
 * The per-socket cap on articles, counting subscribes still in flight: counting joined
 * rooms alone let a burst of subscribes, all checked before any had joined, pass the cap.
 */
export function createSubscriptionSlots(
  socket: { readonly rooms: ReadonlySet<string> },
  max = MAX_SUBSCRIPTIONS_PER_SOCKET,
): SubscriptionSlots {
  const inFlight = new Map<string, number>();
  const used = () => {
    let count = inFlight.size;
    for (const room of socket.rooms) {
      if (room.startsWith(ROOM_PREFIX) && !inFlight.has(room.slice(ROOM_PREFIX.length))) count++;
    }
    return count;
  };
  return {
    reserve(articleId) {
      const held = inFlight.has(articleId) || socket.rooms.has(articleRoom(articleId));
      if (!held && used() >= max) return null;
      inFlight.set(articleId, (inFlight.get(articleId) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (inFlight.get(articleId) ?? 1) - 1;
        if (left > 0) inFlight.set(articleId, left);
        else inFlight.delete(articleId);
      };
    },
  };
}
