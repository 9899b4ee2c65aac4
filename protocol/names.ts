// Names shared by server and clients, in a module without zod so the browser bundle stays small.

/** The Socket.IO namespace readers connect to. */
export const LIVE_NAMESPACE = "/live";

/** The Socket.IO room of one article's readers. */
export function articleRoom(articleId: string): string {
  return `article:${articleId}`;
}

/**
 * The handshake `auth` field a client sets to `true` to say it takes `updates` batches.
 * A client that does not (an older SDK) is sent every update singly.
 */
export const BATCHES_AUTH_FIELD = "batches";

/**
 * The room, on each server, of its readers that did not announce batches: batches are sent
 * to an article's room except this one, and the server sends these readers each update alone.
 */
export const SINGLE_UPDATE_READERS_ROOM = "readers:single-updates";
