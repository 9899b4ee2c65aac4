import type { LiveNamespace } from "./live-namespace.js";

/**
 * Drops every reader connection at a random moment within `spreadMs`, at the transport
 * (clients see "transport close" and reconnect by themselves, with their own jittered
 * backoff). Spreading the drops keeps thousands of readers from hitting the remaining
 * servers in the same instant (socket.io#2998).
 */
export async function drainSockets(live: LiveNamespace, spreadMs: number): Promise<void> {
  const sockets = [...live.sockets.values()];
  if (sockets.length === 0) return;
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            socket.conn.close();
            resolve();
          }, Math.random() * spreadMs);
        }),
    ),
  );
}
