// The parent ⇄ reader-process protocol (Node IPC with "advanced" serialization, so sample
// arrays cross as typed arrays instead of JSON).

/** One simulated reader: the server it connects to and the article it follows. */
export interface ReaderTarget {
  url: string;
  articleId: string;
  /** `polling`: the client SDK polling `GET …/updates` instead of a socket (the fallback scenario). */
  mode?: "socket" | "polling";
}

export interface OpenResult {
  opened: number;
  /** Readers whose first subscribe was not answered with `ok: true` in time. */
  failed: number;
  firstError?: string;
}

export interface ReaderStatus {
  readers: number;
  connected: number;
  /** Connected and answered since their last (re)connect. */
  subscribed: number;
}

/** What a reader process saw during one measured phase. */
export interface PhaseCounts {
  readers: number;
  /** End-to-end latency of each update applied, ms (POST sent → reader can show it). */
  latency: Float32Array;
  /** Per-hop times of each update applied (wall clock, 1 ms resolution): see phase-counters.ts. */
  hops: { sentToApi: Float32Array; apiToApply: Float32Array; applyToReader: Float32Array } | null;
  /** Updates applied, each once per reader. */
  delivered: number;
  /** `update` events received (live fan-out, before deduplication). */
  liveEvents: number;
  /** A seq received live twice by one reader: the server sent the same update again. */
  duplicates: number;
  /** A seq that came both live and in a subscribe answer (the subscribe window): dropped, by design. */
  overlaps: number;
  /** Expected seqs that never reached a reader. */
  lost: number;
  /** Times a reader asked the log for a gap that did not fill by itself. */
  gapFills: number;
  /** Subscribe answers that were a reset (continuity lost). */
  resets: number;
  /** Readers that had not applied every expected seq when the phase ended. */
  behind: number;
  firstApplyAt: number;
  lastApplyAt: number;
  /** Size of the first update's JSON, to show both stacks send the same payload. */
  payloadBytes: number;
}

/** Times, ms after `since`, at which each reader came back: NaN when it never did. */
export interface CatchUpReport {
  reconnected: Float64Array;
  resubscribed: Float64Array;
  /** Every seq up to the target applied. */
  caughtUp: Float64Array;
}

export interface ReaderApi {
  open: {
    request: { targets: ReaderTarget[]; concurrency: number; keepArrivals: boolean; timeoutMs: number };
    response: OpenResult;
  };
  phaseStart: { request: { hops: boolean }; response: { ok: true } };
  phaseEnd: { request: { expected: Record<string, number>; timeoutMs: number }; response: PhaseCounts };
  status: { request: Record<string, never>; response: ReaderStatus };
  catchUp: {
    request: { since: number; targets: Record<string, number>; timeoutMs: number };
    response: CatchUpReport;
  };
  close: { request: Record<string, never>; response: { ok: true } };
}

export type ReaderCommand = keyof ReaderApi;

export type RequestMessage = {
  [K in ReaderCommand]: { id: number; kind: K; request: ReaderApi[K]["request"] };
}[ReaderCommand];

export type ReplyMessage =
  | { id: number; ok: true; response: ReaderApi[ReaderCommand]["response"] }
  | { id: number; ok: false; error: string };

/** Sent unasked while readers open, so the parent can show progress. */
export interface ProgressMessage {
  progress: ReaderStatus;
}
