import type { Namespace, Socket } from "socket.io";
import { Decoder, Encoder, PacketType, type Packet } from "socket.io-parser";

/**
 * The updates of one broadcast, as sent (not validated again): one `update`, or the updates
 * of an `updates` batch in seq order (`batched`).
 */
type Listener = (updates: readonly unknown[], batched: boolean) => void;

/** The event (and room, which no one is in) of the start-up check that the seam holds. */
const PROBE = "herald:fanout-probe";

/**
 * Socket.IO's own encoder, which also tells Herald of each `update` (or `updates` batch) it
 * encodes. The adapter
 * encodes a broadcast once, before it writes to any socket, whichever way the broadcast came
 * (an emit here, a repair, a message from Redis sent by another server or a worker), so a
 * listener that changes a room's members (an article turning private) acts on that very
 * broadcast.
 */
class FanOutEncoder extends Encoder {
  /** By namespace: the encoder is the whole server's. */
  readonly listeners = new Map<string, Listener[]>();
  /** The update payloads told to listeners: what a reader is sent is checked against them. */
  readonly observed = new WeakSet<object>();
  probes = 0;

  override encode(packet: Packet): ReturnType<Encoder["encode"]> {
    if (packet.type === PacketType.EVENT) this.notice(packet.nsp, packet.data as unknown);
    return super.encode(packet);
  }

  private notice(nsp: string, data: unknown) {
    if (!Array.isArray(data)) return;
    const [event, payload] = data as unknown[];
    if (event === PROBE) this.probes++;
    if ((event !== "update" && event !== "updates") || typeof payload !== "object" || payload === null)
      return;
    // A batch member sent again alone (to readers without batches) was told of with its batch.
    if (event === "update" && this.observed.has(payload)) return;
    this.observed.add(payload);
    const updates = event === "update" ? [payload] : (payload as { updates?: unknown }).updates;
    if (!Array.isArray(updates)) return;
    for (const update of updates as unknown[])
      if (typeof update === "object" && update) this.observed.add(update);
    // A listener that throws stops this broadcast before any socket gets it (fails closed).
    for (const listener of this.listeners.get(nsp) ?? []) listener(updates as unknown[], event === "updates");
  }
}

/**
 * Socket.IO's default parser, with an encoder that reports updates: the `parser` option of
 * every Socket.IO server whose fan-out Herald follows (a documented option, the seam Socket.IO
 * offers for packets; its adapters' encode and broadcast internals are private).
 */
export const fanOutParser = { Encoder: FanOutEncoder, Decoder };

/**
 * The server's encoder, once a broadcast on `live` was seen to pass through it. Without that
 * Herald can enforce neither private articles nor fan-out repair, so start-up stops here.
 */
function encoderOf(live: Namespace): FanOutEncoder {
  const encoder: unknown = live.server.encoder;
  if (!(encoder instanceof FanOutEncoder)) {
    throw new Error(
      "The Socket.IO server was not built with fanOutParser: Herald cannot follow its fan-out (fanout-observer.ts)",
    );
  }
  const before = encoder.probes;
  live.adapter.broadcast(
    { type: PacketType.EVENT, nsp: live.name, data: [PROBE] },
    { rooms: new Set([PROBE]), except: new Set(), flags: { local: true } },
  );
  if (encoder.probes === before) {
    throw new Error(
      "Socket.IO's adapter did not broadcast through the server's encoder: Herald cannot follow its fan-out (fanout-observer.ts)",
    );
  }
  return encoder;
}

/**
 * Calls `listener` with the updates of each `update` or `updates` fanned out on `live`, before
 * it is written (a batch's, in seq order, in one call).
 */
export function observeFanOut(live: Namespace, listener: Listener): void {
  const encoder = encoderOf(live);
  encoder.listeners.set(live.name, [...(encoder.listeners.get(live.name) ?? []), listener]);
}

/**
 * One reader in this many (the first included) has what it is sent checked: a way round the
 * seam would miss every broadcast, not a few, and checking each write costs ~0.1 µs a reader.
 */
const WATCH_ONE_IN = 16;

/**
 * Checks the updates written to readers (Socket.IO's public outgoing-packet hook) against what
 * was observed: one that was not means fan-out repair and private-article eviction no longer
 * see this server's fan-out. `onStopped` is called once, with the first such socket.
 */
export function watchFanOut(live: Namespace, onStopped: (socketId: string) => void): void {
  const encoder = encoderOf(live);
  let stopped = false;
  let connections = 0;
  live.on("connection", (socket: Socket) => {
    if (connections++ % WATCH_ONE_IN !== 0) return;
    socket.onAnyOutgoing((event: unknown, payload: unknown) => {
      if (stopped || (event !== "update" && event !== "updates")) return;
      if (typeof payload === "object" && payload !== null && encoder.observed.has(payload)) return;
      stopped = true;
      onStopped(socket.id);
    });
  });
}
