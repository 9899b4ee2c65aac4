import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { runTsx, startNpmStart } from "./helpers/commands.js";

describe("the commands a newcomer and an operator run", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });
  const env = () => ({ REDIS_URL: stack.config.REDIS_URL, KEY_PREFIX: stack.config.KEY_PREFIX });

  it("npm start serves, prints a working dev token on its last line, and stops cleanly on SIGTERM", async () => {
    const { child, output, exited, devToken } = startNpmStart({
      ...env(),
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    });
    const token = await devToken();
    const url = /Herald is running at (\S+)/.exec(output())?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output().trim().split("\n").at(-1)).toBe(token);
    expect(token).toMatch(/^hrld_[A-Za-z0-9_-]{20,}$/);
    const put = await fetch(`${url}/v1/articles/start-check`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "It works" }),
    });
    expect(put.status).toBe(201);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("npm start without REDIS_URL and without redis-server says how to get one", () => {
    const emptyPath = mkdtempSync(join(tmpdir(), "no-redis-"));
    const run = runTsx("bin/start.ts", [], { PATH: emptyPath, REDIS_URL: undefined });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /redis-server is not installed.*apt-get install redis-server.*docker compose up -d redis/,
    );
  });

  it("npm run token: create prints the token alone on its last line; list and revoke work", async () => {
    const created = runTsx("bin/token.ts", ["create", "--name", "desk", "--articles", "politics-*"], env());
    expect(created.status).toBe(0);
    const token = created.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^hrld_/);

    const write = (id: string) =>
      fetch(`${stack.url}/v1/articles/${id}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "Desk" }),
      });
    expect((await write("politics-budget")).status).toBe(201);
    expect((await write("sports-final")).status).toBe(403);

    const listed = runTsx("bin/token.ts", ["list"], env());
    expect(listed.stdout).toMatch(/desk\s+articles=politics-\*/);
    expect(listed.stdout).not.toContain(token);

    const revoked = runTsx("bin/token.ts", ["revoke", "desk"], env());
    expect(revoked.stdout).toContain("Revoked 1 token(s).");
    // Servers trust a verified token for TOKEN_CACHE_MS (test/token-cache.test.ts).
    await waitFor(async () => (await write("politics-budget")).status === 401);

    const bad = runTsx("bin/token.ts", ["create", "--name", "x"], env());
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--articles is required");
  });
});
