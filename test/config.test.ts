import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../platform/config.js";

describe("configuration from the environment", () => {
  it("has working defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, KEY_PREFIX: "herald:", LOG_RETENTION: 1000 });
  });

  it.each([
    [{ PORT: "http" }, /^Invalid PORT \(got "http"\)/],
    [{ PORT: "70000" }, /^Invalid PORT/],
    [{ REDIS_URL: "localhost:6379" }, /^Invalid REDIS_URL .*redis:\/\//],
    [{ LOG_LEVEL: "loud" }, /^Invalid LOG_LEVEL/],
    [{ KEY_PREFIX: "has space" }, /^Invalid KEY_PREFIX/],
  ])("rejects %o with one line naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("a bad value stops the server process with that line and a non-zero exit", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: { PATH: process.env.PATH, PORT: "not-a-port" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'herald: Invalid PORT (got "not-a-port"): Invalid input: expected number, received NaN',
    );
  });
});
