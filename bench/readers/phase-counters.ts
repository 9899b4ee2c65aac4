import type { Update } from "../../protocol/index.js";
import { SampleBuffer } from "../stats.js";
import { entryIdMs, readStamp } from "../entry-stamp.js";
import type { PhaseCounts } from "./messages.js";

/**
 * What all the readers of one process saw during a phase. One object per process, not per
 * reader: a reader costs a few counters' worth of memory, and 2,500 of them share this.
 */
export class PhaseCounters {
  latency = new SampleBuffer();
  hops: { sentToApi: SampleBuffer; apiToApply: SampleBuffer; applyToReader: SampleBuffer } | null = null;
  delivered = 0;
  liveEvents = 0;
  duplicates = 0;
  overlaps = 0;
  gapFills = 0;
  resets = 0;
  firstApplyAt = Infinity;
  lastApplyAt = 0;
  payloadBytes = 0;

  start(hops: boolean): void {
    this.latency.clear();
    this.hops = hops
      ? { sentToApi: new SampleBuffer(), apiToApply: new SampleBuffer(), applyToReader: new SampleBuffer() }
      : null;
    this.delivered = this.liveEvents = this.duplicates = this.overlaps = 0;
    this.gapFills = this.resets = this.payloadBytes = 0;
    this.firstApplyAt = Infinity;
    this.lastApplyAt = 0;
  }

  /**
   * An update a reader can now show. `arrivedWall` (Date.now() at arrival) is only taken when
   * hops are measured: the per-hop split lines up with the server's millisecond ISO times.
   */
  applied(update: Update, appliedAt: number, arrivedWall: number): void {
    this.delivered++;
    if (appliedAt < this.firstApplyAt) this.firstApplyAt = appliedAt;
    if (appliedAt > this.lastApplyAt) this.lastApplyAt = appliedAt;
    if (this.payloadBytes === 0) this.payloadBytes = Buffer.byteLength(JSON.stringify(update));
    if (update.type === "article.updated") return;
    const stamp = readStamp(update.entry.body);
    if (!stamp) return; // an entry the bench did not post
    this.latency.push(appliedAt - stamp.sentAt);
    if (this.hops) {
      const apiMs = entryIdMs(update.entry.id);
      const applyMs = Date.parse(update.at);
      this.hops.sentToApi.push(apiMs - stamp.wallMs);
      this.hops.apiToApply.push(applyMs - apiMs);
      this.hops.applyToReader.push(arrivedWall - applyMs);
    }
  }

  report(extra: Pick<PhaseCounts, "readers" | "lost" | "behind">): PhaseCounts {
    return {
      ...extra,
      latency: this.latency.take(),
      hops: this.hops
        ? {
            sentToApi: this.hops.sentToApi.take(),
            apiToApply: this.hops.apiToApply.take(),
            applyToReader: this.hops.applyToReader.take(),
          }
        : null,
      delivered: this.delivered,
      liveEvents: this.liveEvents,
      duplicates: this.duplicates,
      overlaps: this.overlaps,
      gapFills: this.gapFills,
      resets: this.resets,
      firstApplyAt: this.firstApplyAt,
      lastApplyAt: this.lastApplyAt,
      payloadBytes: this.payloadBytes,
    };
  }
}
