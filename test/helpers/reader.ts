import {
  HeraldClient,
  type ConnectionState,
  type Entry,
  type Transport,
  type Update,
} from "../../client-sdk/index.js";

/** A reader on the headless client that records everything it is shown. */
export interface Reader {
  client: HeraldClient;
  updates: Update[];
  entries: Entry[];
  states: ConnectionState[];
  /** How the last state came: a feed back on its socket after polling says `live` again, over `websocket`. */
  via: Transport;
  resets: number;
  /** The seqs of entry updates received, in order. */
  seqs(): number[];
  close(): void;
}

export function startReader(
  url: string,
  articleId: string,
  options: { reconnectDelayMs?: number; fallback?: boolean; sdkDefaults?: boolean } = {},
): Reader {
  // Shorter reconnect windows than the SDK's, so tests wait less; `sdkDefaults` keeps the SDK's own.
  const client = new HeraldClient(
    options.sdkDefaults
      ? { url }
      : {
          url,
          reconnectDelayMs: options.reconnectDelayMs ?? 100,
          reconnectDelayMaxMs: 1_000,
          ...(options.fallback === undefined ? {} : { fallback: options.fallback }),
        },
  );
  const reader: Reader = {
    client,
    updates: [],
    entries: [],
    states: [],
    via: "websocket",
    resets: 0,
    seqs: () => reader.updates.map((u) => u.seq),
    close: () => client.close(),
  };
  client.subscribe(articleId, {
    onUpdate: (update) => reader.updates.push(update),
    onEntries: (entries, ctx) => {
      reader.entries = entries;
      if (ctx.reason === "reset") reader.resets++;
    },
    onState: (state, ctx) => {
      reader.states.push(state);
      reader.via = ctx.transport;
    },
  });
  return reader;
}

/** 1..n */
export function range(n: number, from = 1): number[] {
  return Array.from({ length: n }, (_, i) => i + from);
}
