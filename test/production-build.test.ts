import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../bin/lib/private-redis.js";
import { sha256Prefix } from "../server/widget/prebuilt-bundles.js";
import { dropPrefix } from "./helpers/drop-prefix.js";
import { patient } from "./helpers/patience.js";
import { startReader } from "./helpers/reader.js";
import { waitFor } from "./helpers/stack.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
// Inside the repository (.herald/ is ignored everywhere), so the compiled code finds node_modules.
const OUT = join(ROOT, ".herald", `build-test-${randomBytes(4).toString("hex")}`);
const PREFIX = `t${randomBytes(5).toString("hex")}:`;
const MARK = "/* served from the prebuilt file */";

interface Compiled {
  child: ChildProcess;
  output: () => string;
}

/** `node <out>/<entry>.js`: plain node, no tsx, as the Dockerfile runs it. */
function runCompiled(entry: string, env: Record<string, string>): Compiled {
  const child = spawn(process.execPath, [join(OUT, `${entry}.js`)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text };
}

describe("the production build: npm run build, then node dist/…", () => {
  const processes: Compiled[] = [];
  let port = 0;
  let env: Record<string, string>;
  const url = () => `http://127.0.0.1:${port}`;

  beforeAll(() => {
    const build = spawnSync(process.execPath, ["--import", "tsx", "bin/build.ts", "--out", OUT], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      timeout: patient(60_000),
    });
    expect(build.status, build.stderr).toBe(0);
  });
  afterAll(async () => {
    await Promise.all(
      processes.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    rmSync(OUT, { recursive: true, force: true });
    const redis = new Redis(inject("redisUrl"));
    await dropPrefix(redis, PREFIX);
    redis.disconnect();
  });

  it("compiles every module beside its assets, with the browser bundles as files", () => {
    expect(readFileSync(join(OUT, "server/main.js"), "utf8")).not.toMatch(/: Config\b|import type/);
    expect(readFileSync(join(OUT, "article-log/apply-operation.lua"), "utf8")).toContain("redis.call");
    const manifest = JSON.parse(readFileSync(join(OUT, "sdk/bundles.json"), "utf8"));
    expect(manifest.script.hash).toBe(sha256Prefix(readFileSync(join(OUT, "sdk/herald.js"), "utf8")));
  });

  it("a compiled server is ready, serves the prebuilt widget, and an entry reaches a reader through a compiled worker", async () => {
    // Mark the prebuilt script (and record it in the manifest, as a build would): a server that
    // built the bundles in memory instead would serve a script without the mark.
    const script = `${readFileSync(join(OUT, "sdk/herald.js"), "utf8")}\n${MARK}\n`;
    writeFileSync(join(OUT, "sdk/herald.js"), script);
    const manifestFile = join(OUT, "sdk/bundles.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    manifest.script.hash = sha256Prefix(script);
    writeFileSync(manifestFile, JSON.stringify(manifest));

    port = await freePort();
    env = {
      NODE_ENV: "production",
      PUBLIC_URL: url(),
      REDIS_URL: inject("redisUrl"),
      KEY_PREFIX: PREFIX,
      HOST: "127.0.0.1",
      PORT: String(port),
      WORKER_METRICS_PORT: "0",
      LOG_LEVEL: "info",
    };
    const server = runCompiled("server/main", env);
    const worker = runCompiled("workers/main", env);
    processes.push(server, worker);
    const started = Date.now();
    await waitFor(
      async () => {
        if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
        return (await fetch(`${url()}/readyz`).catch(() => null))?.status === 200;
      },
      20_000,
      "the compiled server answers /readyz",
    );
    // Timing is the bench's job (startup scenario); printed here for the curious.
    console.log(`compiled server ready ${Date.now() - started} ms after spawn`);

    const served = await fetch(`${url()}/sdk/herald.js`);
    expect(served.status).toBe(200);
    expect(served.headers.get("etag")).toBe(`"${manifest.script.hash}"`);
    expect(await served.text()).toBe(script);

    const token = spawnSync(
      process.execPath,
      [join(OUT, "bin/token.js"), "create", "--name", "build-test", "--articles", "*"],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", ...env },
        encoding: "utf8",
        timeout: patient(20_000),
      },
    );
    expect(token.status, token.stderr).toBe(0);
    const bearer = { Authorization: `Bearer ${token.stdout.trim().split("\n").at(-1)}` };
    const json = { ...bearer, "Content-Type": "application/json" };
    const put = await fetch(`${url()}/v1/articles/compiled`, {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ title: "Compiled" }),
    });
    expect(put.status).toBeLessThan(300);

    await waitFor(() => worker.output().includes('"worker ready"'), 20_000, "the compiled worker is ready");
    const reader = startReader(url(), "compiled");
    try {
      await waitFor(() => reader.states.includes("live"), 10_000, "the reader is live");
      const post = await fetch(`${url()}/v1/articles/compiled/entries`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ body: "From the **compiled** worker" }),
      });
      expect(post.status).toBe(202);
      await waitFor(() => reader.updates.length >= 1, 10_000, "the update reaches the reader");
      const [update] = reader.updates;
      expect(update?.type).toBe("entry.created");
      expect(update?.type === "entry.created" && update.entry.html).toContain("<strong>compiled</strong>");
    } finally {
      reader.close();
    }
  });
});
