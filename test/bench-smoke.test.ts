import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { RunResults } from "../bench/report/results-file.js";
import { patient } from "./helpers/patience.js";

const run = promisify(execFile);

// `npm run bench` is not part of the suite; this tiny run of it is, so it cannot rot.
describe("npm run bench --smoke", () => {
  const out = mkdtempSync(join(tmpdir(), "herald-bench-smoke-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it(
    "runs every smoke scenario on Herald and the ceiling, with nothing lost or duplicated",
    async () => {
      const { stdout } = await run(
        process.execPath,
        ["--import", "tsx", "bench/run.ts", "--smoke", "--out", out, "--chart", "none"],
        { env: { ...process.env, REDIS_URL: inject("redisUrl") }, timeout: 150_000 },
      );
      expect(stdout).toContain("Herald as a ratio to the ceiling");
      const files = readdirSync(out);
      const json = files.find((f) => f.endsWith(".json"));
      expect(files.some((f) => f.endsWith("-latency.svg"))).toBe(true);
      const results = JSON.parse(readFileSync(join(out, json!), "utf8")) as RunResults;

      const scenarios = ["hop", "breaking", "publish", "storm"];
      for (const scenario of scenarios) {
        for (const stack of ["herald", "ceiling"]) {
          expect(results.phases.some((p) => p.scenario === scenario && p.stack === stack)).toBe(true);
        }
      }
      for (const phase of results.phases.filter((p) => p.stack === "herald")) {
        expect({
          scenario: phase.scenario,
          lost: phase.lost,
          duplicates: phase.duplicates,
          behind: phase.behind,
        }).toEqual({ scenario: phase.scenario, lost: 0, duplicates: 0, behind: 0 });
        expect(phase.deliveries).toBeGreaterThan(0);
        expect(phase.e2e.p50).toBeGreaterThan(0);
      }
      const storm = results.phases.find((p) => p.scenario === "storm" && p.stack === "herald");
      expect(storm?.extra.caughtUpMsMissing).toBe(0);
      expect(storm?.extra.outageEntries).toBeGreaterThan(0);
      expect(results.machine.nproc).toBeGreaterThan(0);
    },
    patient(160_000),
  );

  it(
    "runs publish on a private Redis Cluster (--redis cluster), with nothing lost or duplicated",
    async () => {
      const clusterOut = join(out, "cluster");
      await run(
        process.execPath,
        [
          "--import",
          "tsx",
          "bench/run.ts",
          ...["--smoke", "--redis", "cluster", "--scenarios", "publish"],
          ...["--out", clusterOut, "--chart", "none"],
        ],
        { env: { ...process.env, REDIS_URL: inject("redisUrl") }, timeout: 60_000 },
      );
      const json = readdirSync(clusterOut).find((f) => f.endsWith(".json"));
      const results = JSON.parse(readFileSync(join(clusterOut, json!), "utf8")) as RunResults;
      // Herald only: the ceiling has no Redis.
      expect(results.phases.map((p) => [p.scenario, p.stack, p.redis])).toEqual([
        ["publish", "herald", "cluster"],
      ]);
      const [phase] = results.phases;
      expect({ lost: phase!.lost, duplicates: phase!.duplicates, behind: phase!.behind }).toEqual({
        lost: 0,
        duplicates: 0,
        behind: 0,
      });
      expect(phase!.deliveries).toBeGreaterThan(0);
      // Updates reached the one server by pub/sub (several in one message when batched).
      expect(phase!.extra.pubsubPerServer).toBeGreaterThan(0);
      expect(phase!.extra.pubsubPerServer).toBeLessThanOrEqual(phase!.entries);
      expect(Object.keys(phase!.extra)).toEqual(
        expect.arrayContaining([
          "redisCpuPrimary1",
          "redisCpuPrimary2",
          "redisCpuPrimary3",
          "redisCpuReplicasTotal",
        ]),
      );
    },
    patient(60_000),
  );
});
