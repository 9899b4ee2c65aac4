import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../bin/lib/private-redis.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader } from "./helpers/reader.js";
import { patient } from "./helpers/patience.js";

describe("npm run cluster: the production topology as plain processes", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 0 }); // only for its Redis prefix, token store and clean-up
  });
  afterAll(async () => {
    await stack?.close();
  });

  it(
    "serves readers and editors through its load balancer across two servers, then stops on SIGTERM",
    async () => {
      const port = await freePort();
      const child = spawn(process.execPath, ["--import", "tsx", "bin/cluster.ts"], {
        env: {
          PATH: process.env.PATH,
          REDIS_URL: stack.config.REDIS_URL,
          KEY_PREFIX: stack.config.KEY_PREFIX,
          PORT: String(port),
          HOST: "127.0.0.1",
          WORKER_METRICS_PORT: String(await freePort()),
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      try {
        let out = "";
        child.stdout.on("data", (c: Buffer) => (out += c.toString()));
        const token = await waitFor(() => /\n(hrld_\S+)\n/.exec(out)?.[1], 20_000, "the dev token");
        const url = `http://127.0.0.1:${port}`;
        const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
        const serverPorts = /servers on (\d+), (\d+)/.exec(out)!.slice(1).map(Number);
        // Both servers ready, as the balancer sees them: each gets its share of new connections.
        await waitFor(
          () => serverPorts.every((p) => out.includes(`server on ${p} in rotation`)),
          20_000,
          "both servers in the balancer's rotation",
        );
        await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok, 10_000, "balancer");
        expect(
          (
            await fetch(`${url}/v1/articles/cluster`, {
              method: "PUT",
              headers,
              body: JSON.stringify({ title: "Cluster" }),
            })
          ).status,
        ).toBe(201);

        const readers = range(4).map(() => startReader(url, "cluster"));
        await waitFor(() => readers.every((r) => r.states.includes("live")), 10_000, "readers live");
        for (const i of range(10)) {
          const res = await fetch(`${url}/v1/articles/cluster/entries`, {
            method: "POST",
            headers,
            body: JSON.stringify({ body: `Entry ${i}` }),
          });
          expect(res.status).toBe(202);
        }
        await waitFor(
          () => readers.every((r) => r.updates.length === 10),
          10_000,
          "every entry at every reader",
        );
        for (const reader of readers) expect(reader.seqs()).toEqual(range(10));
        // The balancer spread the readers over both servers.
        const perServer = await Promise.all(
          serverPorts.map(async (p) => {
            const text = await (await fetch(`http://127.0.0.1:${p}/metrics`)).text();
            return Number(/^herald_sockets_connected\{[^}]*\} (\d+)$/m.exec(text)?.[1]);
          }),
        );
        expect(perServer.every((n) => n > 0)).toBe(true);
        readers.forEach((r) => r.close());
      } finally {
        child.kill("SIGTERM");
      }
      expect(await exited).toBe(0);
    },
    patient(60_000),
  );
});
