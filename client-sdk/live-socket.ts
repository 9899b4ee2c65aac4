import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../protocol/index.js";
// Runtime imports come from zod-free modules only: zod would triple the browser bundle.
import { BATCHES_AUTH_FIELD, LIVE_NAMESPACE } from "../protocol/names.js";

/** A client's Socket.IO connection to the server's live namespace, typed by the contract. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The socket to `base`'s live namespace; it connects at once unless `autoConnect` is false,
 * and never reconnects by itself (the client does, by its own policy).
 */
export function openLiveSocket(
  base: string,
  transports: ("websocket" | "polling")[],
  autoConnect: boolean,
): LiveSocket {
  return io(base + LIVE_NAMESPACE, {
    autoConnect,
    transports,
    // Reconnects follow the client's own policy (reconnect-policy.ts), not socket.io-client's
    // ±50 % doubling, whose waves reach a restarted server seconds after it is back.
    reconnection: false,
    // Updates that come together arrive as one `updates` frame; without this, singly.
    auth: { [BATCHES_AUTH_FIELD]: true },
  });
}
