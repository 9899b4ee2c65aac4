import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../helpers/stack.js";
import { startReader } from "../helpers/reader.js";
import { spawnHerald, type HeraldProcess } from "../helpers/processes.js";
import { createdIds, expectExactlyOnceInOrder } from "../helpers/checks.js";
import { patient } from "../helpers/patience.js";

describe("SIGTERM under load", () => {
  let stack: Stack;
  const processes: HeraldProcess[] = [];
  beforeAll(async () => {
    stack = await startStack({ workers: 0 });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop("SIGKILL")));
    await stack?.close();
  });

  it(
    "a server and a worker stop cleanly while editors post: nothing accepted is lost",
    async () => {
      const env = { DRAIN_SPREAD_MS: "300" };
      const [s1, s2] = [
        await spawnHerald("server", stack.config, env),
        await spawnHerald("server", stack.config, env),
      ];
      const [w1, w2] = [await spawnHerald("worker", stack.config), await spawnHerald("worker", stack.config)];
      processes.push(s1, s2, w1, w2);
      const articleId = await stack.createArticle();
      const reader = startReader(`http://127.0.0.1:${s2.port}`, articleId);
      await waitFor(() => reader.states.includes("live"));

      // Three editors post through server 1, moving to server 2 when it stops answering, as a
      // load balancer would. Each stop comes after a number of accepted entries, not a time, so
      // a busy machine changes how long this takes, not what it shows.
      const accepted: string[] = [];
      let posting = true;
      const editor = async (name: string) => {
        let target = s1.port;
        for (let i = 0; posting; i++) {
          try {
            const res = await fetch(`http://127.0.0.1:${target}/v1/articles/${articleId}/entries`, {
              method: "POST",
              headers: { authorization: `Bearer ${stack.token}`, "content-type": "application/json" },
              body: JSON.stringify({ body: `${name} ${i}` }),
            });
            if (res.status === 202) accepted.push(((await res.json()) as { id: string }).id);
            else target = s2.port;
          } catch {
            target = s2.port; // connection refused or reset: server 1 is gone
          }
        }
      };
      const editors = Promise.all(["a", "b", "c"].map(editor));
      await waitFor(() => accepted.length >= 20, 20_000, "20 entries before the worker stops");
      const workerExit = w1.stop("SIGTERM");
      await waitFor(() => accepted.length >= 40, 20_000, "20 more while the worker stops");
      const serverExit = s1.stop("SIGTERM");
      await serverExit;
      const afterStop = accepted.length;
      await waitFor(() => accepted.length >= afterStop + 20, 20_000, "20 more after server 1 stopped");
      posting = false;
      await editors;

      expect(await workerExit).toBe(0);
      expect(await serverExit).toBe(0);
      expect(w1.logs.some((l) => l.msg === "stopped")).toBe(true);
      expect(s1.logs.some((l) => l.msg === "stopped")).toBe(true);
      await waitFor(() => reader.updates.length >= accepted.length, 15_000, "every accepted entry");
      await new Promise((r) => setTimeout(r, 300));
      expectExactlyOnceInOrder([reader], accepted.length);
      expect(new Set(createdIds(reader))).toEqual(new Set(accepted));
      reader.close();
    },
    patient(60_000),
  );
});
