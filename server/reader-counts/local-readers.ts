import { articleRoom } from "../../protocol/index.js";
import type { LiveNamespace } from "../realtime/live-namespace.js";

const ROOM_PREFIX = articleRoom("");

/**
 * Readers of each article on this process: the sockets in its room here (the adapter's rooms
 * are this process's own). Readers on the SDK's HTTP polling fallback hold no socket and are
 * not counted; Socket.IO's own long-polling transport is a socket and is.
 */
export function localReaderCounts(live: Pick<LiveNamespace, "adapter">): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [room, members] of live.adapter.rooms) {
    if (room.startsWith(ROOM_PREFIX) && members.size > 0)
      counts.set(room.slice(ROOM_PREFIX.length), members.size);
  }
  return counts;
}
