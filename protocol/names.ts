// Names shared by server and clients, in a module without zod so the browser bundle stays small.

/** The Socket.IO namespace readers connect to. */
export const LIVE_NAMESPACE = "/live";

/** The Socket.IO room of one article's readers. */
export function articleRoom(articleId: string): string {
  return `article:${articleId}`;
}
