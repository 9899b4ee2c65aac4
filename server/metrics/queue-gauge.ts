import { Gauge } from "prom-client";
import type { Registry } from "../../platform/metrics.js";
import type { EntriesQueue } from "../../queue/entries-queue.js";

/**
 * `herald_queue_jobs{state}`: the entries queue's jobs by state, read at scrape time. The
 * server registers it where it opens the queue; the queue is shared by every process on
 * this Redis, so any server's figure is the whole system's.
 */
export function registerQueueGauge(registry: Registry, queue: EntriesQueue): void {
  new Gauge({
    name: "herald_queue_jobs",
    help: "Jobs in the entries queue, by state (shared by every process on this Redis)",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed");
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
}
