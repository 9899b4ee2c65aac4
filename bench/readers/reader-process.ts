// A reader process: holds a few thousand simulated readers (one socket each) and answers the
// parent's requests over IPC (see messages.ts). Started by reader-pool.ts with `fork`.
import { nowMs, sleep } from "../clock.js";
import { BenchReader } from "./bench-reader.js";
import { PollingBenchReader, type SimulatedReader } from "./polling-bench-reader.js";
import { PhaseCounters } from "./phase-counters.js";
import type {
  CatchUpReport,
  OpenResult,
  PhaseCounts,
  ProgressMessage,
  ReaderApi,
  ReaderStatus,
  ReplyMessage,
  RequestMessage,
} from "./messages.js";

const readers: SimulatedReader[] = [];
const counters = new PhaseCounters();

function status(): ReaderStatus {
  let connected = 0;
  let subscribed = 0;
  for (const reader of readers) {
    if (reader.connected) connected++;
    if (reader.connected && reader.subscribed) subscribed++;
  }
  return { readers: readers.length, connected, subscribed };
}

/** Opens readers `concurrency` at a time: a few thousand handshakes at once would only time out. */
async function open(request: ReaderApi["open"]["request"]): Promise<OpenResult> {
  const result: OpenResult = { opened: 0, failed: 0 };
  const progress = setInterval(() => process.send?.({ progress: status() } satisfies ProgressMessage), 500);
  let next = 0;
  const lane = async () => {
    while (next < request.targets.length) {
      const target = request.targets[next++]!;
      const options = { keepArrivals: request.keepArrivals };
      const reader =
        target.mode === "polling"
          ? new PollingBenchReader(target.url, target.articleId, counters, options)
          : new BenchReader(target.url, target.articleId, counters, options);
      readers.push(reader);
      const ok = await Promise.race([reader.firstAnswer, sleep(request.timeoutMs).then(() => false)]);
      if (ok) result.opened++;
      else {
        result.failed++;
        result.firstError ??= reader.lastError || "no answer to subscribe";
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, request.concurrency) }, lane));
  clearInterval(progress);
  return result;
}

/** Waits until `done` holds for every reader, or the timeout. */
async function waitForAll(done: (reader: SimulatedReader) => boolean, timeoutMs: number): Promise<void> {
  const deadline = nowMs() + timeoutMs;
  while (nowMs() < deadline && !readers.every(done)) await sleep(50);
}

async function phaseEnd(request: ReaderApi["phaseEnd"]["request"]): Promise<PhaseCounts> {
  const target = (reader: SimulatedReader) => request.expected[reader.articleId] ?? reader.applied;
  await waitForAll((reader) => reader.applied >= target(reader), request.timeoutMs);
  let lost = 0;
  let behind = 0;
  for (const reader of readers) {
    lost += reader.missing(reader.phaseBase, target(reader));
    if (reader.applied < target(reader)) behind++;
  }
  return counters.report({ readers: readers.length, lost, behind });
}

async function catchUp(request: ReaderApi["catchUp"]["request"]): Promise<CatchUpReport> {
  const target = (reader: SimulatedReader) => request.targets[reader.articleId] ?? 0;
  await waitForAll((reader) => reader.applied >= target(reader), request.timeoutMs);
  const after = (at: number) => (at >= request.since ? at - request.since : NaN);
  return {
    reconnected: Float64Array.from(readers, (r) => after(r.lastConnectAt)),
    resubscribed: Float64Array.from(readers, (r) => after(r.lastAckAt)),
    caughtUp: Float64Array.from(readers, (r) => {
      const at = r.completeAt(target(r));
      return Number.isNaN(at) ? NaN : Math.max(0, at - request.since);
    }),
  };
}

async function handle(message: RequestMessage): Promise<ReaderApi[RequestMessage["kind"]]["response"]> {
  switch (message.kind) {
    case "open":
      return open(message.request);
    case "phaseStart":
      counters.start(message.request.hops);
      for (const reader of readers) reader.phaseBase = reader.applied;
      return { ok: true };
    case "phaseEnd":
      return phaseEnd(message.request);
    case "status":
      return status();
    case "catchUp":
      return catchUp(message.request);
    case "close":
      for (const reader of readers) reader.close();
      setTimeout(() => process.exit(0), 100).unref();
      return { ok: true };
  }
}

process.on("message", (message: RequestMessage) => {
  handle(message).then(
    (response) => process.send?.({ id: message.id, ok: true, response } satisfies ReplyMessage),
    (err: unknown) =>
      process.send?.({ id: message.id, ok: false, error: String(err) } satisfies ReplyMessage),
  );
});
// The parent went away (crashed, killed): take every socket with us.
process.on("disconnect", () => process.exit(0));
