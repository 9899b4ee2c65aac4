import type { Adapter } from "socket.io-adapter";

type Encode = (packet: { data?: unknown[] }, opts: unknown) => unknown;

/**
 * Calls `listener` with the payload of every `update` event this server fans out (from
 * Redis, a local emit or a repair), once per broadcast, before any socket is written to: a
 * listener that changes a room's members (an article turning private) acts on that very
 * broadcast.
 *
 * Why the adapter's `_encode`: socket.io-adapter 2.5 calls it once per broadcast, and the
 * Redis adapter hands messages from other servers straight to the base class's `broadcast`,
 * so a subclass overriding the public `broadcast` would see only this server's own emits.
 * Without it Herald cannot enforce private articles, so its absence stops the start-up.
 */
export function observeFanOut(adapter: Adapter, listener: (payload: unknown) => void): void {
  const target = adapter as unknown as { _encode?: Encode };
  const encode = target._encode?.bind(adapter);
  if (!encode) {
    throw new Error(
      "socket.io-adapter has no _encode: Herald cannot follow its fan-out (fanout-observer.ts)",
    );
  }
  target._encode = (packet, opts) => {
    const data = packet.data;
    if (Array.isArray(data) && data[0] === "update") listener(data[1]);
    return encode(packet, opts);
  };
}
