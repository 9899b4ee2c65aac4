import { LIVE_NAMESPACE } from "../protocol/index.js";

/**
 * The Socket.IO sharded Redis adapter's broadcast message (socket.io-adapter's
 * ClusterAdapter format), for a process that has no adapter: the worker. The classic
 * `@socket.io/redis-emitter` publishes with PUBLISH in the classic adapter's format only, so
 * on a Redis Cluster the worker sends this instead, with SPUBLISH, to the room's own channel,
 * which only servers with readers in that room subscribe to (`subscriptionMode: "dynamic"`).
 * test/redis-cluster.test.ts checks it against the real adapter.
 */
export interface ShardedBroadcast {
  /** `<channelPrefix>#/live#<room>#`: the adapter's dynamic channel of the room. */
  channel: string;
  /** JSON: the adapter reads a message starting with `{` as JSON, anything else as msgpack. */
  message: string;
}

/** socket.io-adapter's `MessageType.BROADCAST`. */
const BROADCAST = 3;
/** socket.io-parser's `PacketType.EVENT`. */
const EVENT = 2;
/** socket.io-adapter's `EMITTER_UID`: a sender that is no server (never "from self"). */
const EMITTER_UID = "emitter";

export function shardedBroadcast(options: {
  channelPrefix: string;
  room: string;
  except?: string[];
  event: string;
  payload: unknown;
}): ShardedBroadcast {
  const message = {
    uid: EMITTER_UID,
    nsp: LIVE_NAMESPACE,
    type: BROADCAST,
    data: {
      opts: { rooms: [options.room], except: options.except ?? [], flags: {} },
      packet: { type: EVENT, data: [options.event, options.payload], nsp: LIVE_NAMESPACE },
    },
  };
  return {
    channel: `${options.channelPrefix}#${LIVE_NAMESPACE}#${options.room}#`,
    message: JSON.stringify(message),
  };
}
