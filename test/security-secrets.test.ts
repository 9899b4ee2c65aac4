import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { freePort } from "../bin/lib/private-redis.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { accepts, networkAddress, runTsx, startNpmStart } from "./helpers/commands.js";

const SECRET = "sekret";

/** The fields of the log lines the URL-credentials test writes. */
interface LogLine {
  msg?: string;
  webhookUrl?: string;
  seeds?: string;
  a?: { b: { c: { target: string }[] } };
  err?: { message: string; stack: string };
  cause?: { message: string };
}

describe("secrets are never printed", () => {
  it("a config error names a secret variable but never echoes its value", () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ READER_TOKEN_SECRET: `too-short-${SECRET}` }, "READER_TOKEN_SECRET", SECRET],
      [{ METRICS_TOKEN: SECRET }, "METRICS_TOKEN", SECRET],
      [{ REDIS_URL: `http://herald:${SECRET}@redis.internal:6379` }, "REDIS_URL", SECRET],
    ];
    for (const [env, name, value] of cases) {
      let message = "";
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        message = (err as Error).message;
      }
      expect(message, name).toMatch(new RegExp(`^Invalid ${name}`));
      expect(message, name).not.toContain(value);
    }
  });

  it("a config error repeats a rejected value without the credentials of the URLs in it", () => {
    const cases: [Record<string, string>, string, string][] = [
      [
        { REDIS_CLUSTER_NODES: `redis://herald:${SECRET}@10.0.0.1:6379` },
        "REDIS_CLUSTER_NODES",
        "redis://herald:***@10.0.0.1:6379",
      ],
      [{ REDIS_CLUSTER_NODES: `herald:${SECRET}@10.0.0.1:6379` }, "REDIS_CLUSTER_NODES", "***@10.0.0.1:6379"],
      [
        { PUBLIC_URL: `https://herald:${SECRET}@live.example` },
        "PUBLIC_URL",
        "https://herald:***@live.example",
      ],
    ];
    for (const [env, name, shown] of cases) {
      const message = (() => {
        try {
          loadConfig(env);
          return "";
        } catch (err) {
          return (err as Error).message;
        }
      })();
      expect(message, name).toMatch(new RegExp(`^Invalid ${name}`));
      expect(message, name).not.toContain(SECRET);
      expect(message, name).toContain(shown);
    }
  });

  it("the token CLI prints no Redis password when it cannot reach Redis", async () => {
    const port = await freePort();
    const run = runTsx("bin/token.ts", ["list"], { REDIS_URL: `redis://herald:${SECRET}@127.0.0.1:${port}` });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`Cannot reach Redis at REDIS_URL=redis://herald:***@127.0.0.1:${port}`);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("log lines carry no password, secret or credentials of a URL", async () => {
    let out = "";
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const logger = createLogger({ level: "info", name: "redact-check", destination: sink });
    logger.info(
      {
        url: `redis://herald:${SECRET}@127.0.0.1:6379/0`,
        webhook: { url: `https://hooks:${SECRET}@cms.example/hook` },
        config: { REDIS_URL: `redis://herald:${SECRET}@10.0.0.9:6379` },
        password: SECRET,
        redis: { password: SECRET },
        secret: SECRET,
      },
      "connecting",
    );
    await waitFor(() => out.includes("connecting"));
    expect(out).not.toContain(SECRET);
    expect(out).toContain("redis://herald:***@127.0.0.1:6379/0");
    expect(out).toContain("https://hooks:***@cms.example/hook");
    expect(out).toContain('"REDIS_URL":"redis://herald:***@10.0.0.9:6379"');
  });

  it("log lines carry no URL credentials at any key or depth, in the message, an error or a child's fields", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    const logger = createLogger({ level: "info", name: "redact-check", destination: sink });
    const redis = (n: number) => `redis://herald:${SECRET}${n}@10.0.0.${n}:6379`;
    logger.info(
      { webhookUrl: `https://hooks:${SECRET}@cms.example/hook`, a: { b: { c: [{ target: redis(1) }] } } },
      `connecting to ${redis(2)}`,
    );
    logger.error({ err: new Error(`connect failed: ${redis(3)}`) }, "redis down");
    logger.error(new Error(`connect failed: ${redis(4)}`));
    logger.child({ seeds: `${redis(5)},${redis(6)}` }).warn({ cause: new Error(redis(7)) }, "cluster");
    await waitFor(() => lines.length === 4);
    const text = lines.join("\n");
    expect(text).not.toContain(SECRET);
    const [first, second, third, fourth] = lines.map((line) => JSON.parse(line) as LogLine);
    expect(first?.webhookUrl).toBe("https://hooks:***@cms.example/hook");
    expect(first?.a?.b.c[0]?.target).toBe("redis://herald:***@10.0.0.1:6379");
    expect(first?.msg).toBe("connecting to redis://herald:***@10.0.0.2:6379");
    expect(second?.err?.message).toBe("connect failed: redis://herald:***@10.0.0.3:6379");
    expect(second?.err?.stack).toContain("connect failed: redis://herald:***@10.0.0.3:6379");
    expect(third?.msg).toBe("connect failed: redis://herald:***@10.0.0.4:6379");
    expect(fourth?.seeds).toBe("redis://herald:***@10.0.0.5:6379,redis://herald:***@10.0.0.6:6379");
    expect(fourth?.cause?.message).toBe("redis://herald:***@10.0.0.7:6379");
  });
});

describe("npm start's development token", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });
  const env = () => ({ REDIS_URL: stack.config.REDIS_URL, KEY_PREFIX: stack.config.KEY_PREFIX });

  it("expires in 12 h, is revoked when npm start stops, and the server listens on 127.0.0.1 only", async () => {
    // No HOST: npm start chooses the loopback address itself.
    const { child, output, exited, devToken } = startNpmStart({ ...env(), PORT: "0", LOG_LEVEL: "warn" });
    try {
      const token = await devToken();
      const out = output();
      const url = /Herald is running at (\S+)/.exec(out)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const port = Number(new URL(url!).port);
      // The address the server is bound to (its socket's), not the one the URL names.
      expect(out).toContain("listening on 127.0.0.1 only");

      // Listening on 127.0.0.1 only: another address of this machine is refused, even another
      // loopback one (which a socket bound to 0.0.0.0 accepts, on any machine).
      expect(await accepts("127.0.0.1", port)).toBe(true);
      expect(await accepts("127.0.0.2", port), `127.0.0.2:${port}`).toBe(false);
      const external = networkAddress();
      if (external) expect(await accepts(external, port), `${external}:${port}`).toBe(false);

      const listed = runTsx("bin/token.ts", ["list"], env());
      const line = listed.stdout.split("\n").find((l) => /\sdev\s/.test(l));
      expect(line, listed.stdout).toMatch(/operator/);
      const expires = Date.parse(/expires=(\S+)/.exec(line ?? "")?.[1] ?? "");
      expect(expires - Date.now()).toBeGreaterThan(11.9 * 3_600_000);
      expect(expires - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);

      const put = () =>
        fetch(`${stack.url}/v1/articles/dev-token-check`, {
          method: "PUT",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ title: "Dev" }),
        });
      expect((await put()).status).toBe(201);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      // Revoked in Redis by npm start; a server that verified it trusts it for TOKEN_CACHE_MS (1 s) at most.
      await waitFor(async () => (await put()).status === 401, 3_000, "the dev token refused");
      expect(runTsx("bin/token.ts", ["list"], env()).stdout).not.toMatch(/\sdev\s/);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("listens on the address HOST names, and logs the address its socket is bound to", async () => {
    // 127.0.0.2 is this machine too (127.0.0.0/8), so the test needs no other interface.
    const { child, output, exited, devToken } = startNpmStart({
      ...env(),
      PORT: "0",
      HOST: "127.0.0.2",
      LOG_LEVEL: "info",
    });
    try {
      await devToken();
      const out = output();
      const listening = out
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((entry) => entry.msg === "server listening");
      expect(listening?.address, out).toBe("127.0.0.2");
      expect(out).toContain("listening on 127.0.0.2 only");
      const port = Number(listening?.port);
      expect(await accepts("127.0.0.2", port)).toBe(true);
      expect(await accepts("127.0.0.1", port), `127.0.0.1:${port}`).toBe(false);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
