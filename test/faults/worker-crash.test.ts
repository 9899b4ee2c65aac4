import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { startReader } from "../helpers/reader.js";
import { spawnHerald, type HeraldProcess } from "../helpers/processes.js";

// Stalled jobs are found within seconds. Every worker on the queue gets it: the stalled check
// is guarded by a Redis key that lives one stalledInterval of whichever worker set it.
const FAST_STALL = { WORKER_LOCK_MS: "2000", WORKER_STALLED_INTERVAL_MS: "1000" };

describe("a worker dies mid-job", () => {
  let stack: Stack;
  const processes: HeraldProcess[] = [];
  beforeAll(async () => {
    stack = await startStack({ workers: 0 });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop("SIGKILL")));
    await stack?.close();
  });

  it("a worker killed after applying a change, before completing the job: retried, readers see it once", async () => {
    const articleId = await stack.createArticle();
    const reader = startReader(stack.url, articleId);
    await waitFor(() => reader.states.includes("live"));
    const doomed = await spawnHerald("worker", stack.config, {
      ...FAST_STALL,
      FAULT_INJECTION: "crash-after-apply",
    });
    processes.push(doomed);

    const res = await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Survives a crash" });
    expect(res.status).toBe(202);
    expect(await doomed.exited).toBe("SIGKILL");
    // The change was applied (seq 1 is in the log) but never published nor completed.
    const log = await stack.api("GET", `/v1/articles/${articleId}/updates?since=0`);
    expect(log.body.updates.map((u: { seq: number }) => u.seq)).toEqual([1]);
    expect(reader.updates).toHaveLength(0);

    const rescuer = await spawnHerald("worker", stack.config, FAST_STALL);
    processes.push(rescuer);
    await waitFor(() => reader.updates.length === 1, 15_000, "the stalled job re-run");
    await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "After the crash" });
    await waitFor(() => reader.updates.length === 2, 5_000, "next entry");
    await new Promise((r) => setTimeout(r, 300));
    expect(reader.seqs()).toEqual([1, 2]);
    expect(reader.entries.map((e) => e.body)).toEqual(["After the crash", "Survives a crash"]);
    const after = await stack.api("GET", `/v1/articles/${articleId}/updates?since=0`);
    expect(after.body.seq).toBe(2);
    reader.close();
    await rescuer.stop();
  });
});
