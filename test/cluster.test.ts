import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../bin/lib/private-redis.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { range, startReader } from "./helpers/reader.js";
import { patient } from "./helpers/patience.js";
import { accepts } from "./helpers/commands.js";

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
      // A REDIS_URL with a password, which nothing may print: a Redis without one lets the
      // `default` user in with any password (ACL nopass).
      const redisUrl = new URL(stack.config.REDIS_URL);
      if (!redisUrl.password) {
        redisUrl.username ||= "default";
        redisUrl.password = "cluster-sekret";
      }
      // No HOST: the load balancer serves this machine only.
      const child = spawn(process.execPath, ["--import", "tsx", "bin/cluster.ts"], {
        env: {
          PATH: process.env.PATH,
          REDIS_URL: redisUrl.href,
          KEY_PREFIX: stack.config.KEY_PREFIX,
          PORT: String(port),
          WORKER_METRICS_PORT: String(await freePort()),
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      let out = "";
      try {
        child.stdout.on("data", (c: Buffer) => (out += c.toString()));
        child.stderr.on("data", (c: Buffer) => (out += c.toString()));
        const token = await waitFor(() => /\n(hrld_\S+)\n/.exec(out)?.[1], 20_000, "the dev token");
        expect(out).toContain(`Redis at ${redisUrl.protocol}//${redisUrl.username}:***@${redisUrl.host}`);
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
        // Bound to 127.0.0.1, not 0.0.0.0 (which would take 127.0.0.2 too).
        expect(await accepts("127.0.0.2", port), `load balancer on 127.0.0.2:${port}`).toBe(false);
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
      expect(out).not.toContain(redisUrl.password);
    },
    patient(60_000),
  );
});
