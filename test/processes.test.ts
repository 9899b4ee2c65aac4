import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader } from "./helpers/reader.js";
import { spawnHerald, type HeraldProcess } from "./helpers/processes.js";

// Stalled jobs are found within seconds. Every worker on the queue gets it: the stalled check
// is guarded by a Redis key that lives one stalledInterval of whichever worker set it.
const FAST_STALL = { WORKER_LOCK_MS: "2000", WORKER_STALLED_INTERVAL_MS: "1000" };

describe("separate processes on one Redis", () => {
  let stack: Stack;
  const processes: HeraldProcess[] = [];
  beforeAll(async () => {
    // The in-process stack gives the API, a token and a clean-up; its worker count is 0 here.
    stack = await startStack({ workers: 0 });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop("SIGKILL")));
    await stack?.close();
  });

  it("two server processes and two workers: a reader on each server receives every entry", async () => {
    const servers = [await spawnHerald("server", stack.config), await spawnHerald("server", stack.config)];
    const workers = [
      await spawnHerald("worker", stack.config, FAST_STALL),
      await spawnHerald("worker", stack.config, FAST_STALL),
    ];
    processes.push(...servers, ...workers);
    const articleId = await stack.createArticle();
    const readers = servers.map((s) => startReader(`http://127.0.0.1:${s.port}`, articleId));
    await waitFor(() => readers.every((r) => r.states.includes("live")), 5_000, "readers live");

    // Post half through each server process.
    await Promise.all(
      range(20).map((i) =>
        fetch(`http://127.0.0.1:${servers[i % 2]!.port}/v1/articles/${articleId}/entries`, {
          method: "POST",
          headers: { authorization: `Bearer ${stack.token}`, "content-type": "application/json" },
          body: JSON.stringify({ body: `Entry ${i}` }),
        }).then((r) => expect(r.status).toBe(202)),
      ),
    );
    for (const reader of readers) {
      await waitFor(() => reader.updates.length >= 20, 10_000, "20 updates on each server");
      expect(reader.seqs()).toEqual(range(20));
    }
    readers.forEach((r) => r.close());
    await Promise.all([...servers, ...workers].map((p) => p.stop()));
    // Requests were logged, but never the token nor what the entries said.
    const logged = JSON.stringify([...servers, ...workers].map((p) => p.logs));
    expect(logged).toContain('"path":"/v1/articles/');
    expect(logged).not.toContain(stack.token);
    expect(logged).not.toContain("Entry 1");
  });
});
