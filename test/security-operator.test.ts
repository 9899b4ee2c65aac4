import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../platform/config.js";
import { freePort } from "../bin/lib/private-redis.js";
import { spawnHerald } from "./helpers/processes.js";
import { startStack, type Stack } from "./helpers/stack.js";
import { accepts, networkAddress, runTsx } from "./helpers/commands.js";

const METRICS_TOKEN = "metrics-token-0123456789";

const basic = (token: string) => ({
  authorization: `Basic ${Buffer.from(`ops:${token}`).toString("base64")}`,
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("operator surfaces", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { QUEUE_DASHBOARD: "on", METRICS_TOKEN } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("a token that may write every article is not an operator: webhooks, the audit of all and Bull Board need --operator", async () => {
    const asEditor = bearer(stack.token);
    const hook = { url: "https://cms.example/hook" };
    expect((await stack.api("POST", "/v1/webhooks", hook, asEditor)).status).toBe(403);
    expect((await stack.api("GET", "/v1/webhooks", undefined, asEditor)).status).toBe(403);
    expect((await stack.api("GET", "/v1/audit", undefined, asEditor)).status).toBe(403);
    expect((await fetch(`${stack.url}/admin/queues`, { headers: basic(stack.token) })).status).toBe(403);
    // The editor token still writes every article and reads each one's audit log.
    const articleId = await stack.createArticle();
    expect((await stack.api("GET", `/v1/articles/${articleId}/audit`)).status).toBe(200);

    expect((await stack.operatorApi("POST", "/v1/webhooks", hook)).status).toBe(201);
    expect((await stack.operatorApi("GET", "/v1/audit")).status).toBe(200);
    const board = await fetch(`${stack.url}/admin/queues`, { headers: basic(stack.operatorToken) });
    expect(board.status).toBe(200);
  });

  it("nor may it read one webhook, its delivery log, or delete it: those need --operator too", async () => {
    const created = await stack.operatorApi("POST", "/v1/webhooks", { url: "https://cms.example/one" });
    expect(created.status).toBe(201);
    const path = `/v1/webhooks/${created.body.id}`;
    const asEditor = bearer(stack.token);
    for (const [method, route] of [
      ["GET", path],
      ["GET", `${path}/deliveries`],
      ["DELETE", path],
    ] as const) {
      const res = await stack.api(method, route, undefined, asEditor);
      expect(res.status, `${method} ${route}`).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    // The same id answers the operator: the 403s were about the role, not a missing webhook.
    expect((await stack.operatorApi("GET", path)).status).toBe(200);
    expect((await stack.operatorApi("GET", `${path}/deliveries`)).status).toBe(200);
    expect((await stack.operatorApi("DELETE", path)).status).toBe(204);
    expect((await stack.operatorApi("GET", path)).status).toBe(404);
  });

  it("/metrics answers only with Authorization: Bearer METRICS_TOKEN when it is set", async () => {
    const anonymous = await fetch(`${stack.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("herald_");
    expect((await fetch(`${stack.url}/metrics`, { headers: bearer("wrong-token-0123456789") })).status).toBe(
      401,
    );
    // An editor token, even an operator's, is not the metrics token.
    expect((await fetch(`${stack.url}/metrics`, { headers: bearer(stack.operatorToken) })).status).toBe(401);
    const scraped = await fetch(`${stack.url}/metrics`, { headers: bearer(METRICS_TOKEN) });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain("herald_");
  });

  it("in production, /metrics on the public port is off without METRICS_TOKEN", async () => {
    const production = await startStack({
      workers: 0,
      config: { NODE_ENV: "production", PUBLIC_URL: "https://live.example.com" },
    });
    try {
      const res = await fetch(`${production.url}/metrics`);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain("herald_");
      expect((await fetch(`${production.url}/healthz`)).status).toBe(200);
    } finally {
      await production.close();
    }
  });

  it("in production, a worker's metrics beyond loopback need METRICS_TOKEN, or the process refuses to start", () => {
    const production = { NODE_ENV: "production", PUBLIC_URL: "https://live.example.com" };
    expect(loadConfig(production).METRICS_HOST).toBe("127.0.0.1");
    expect(() => loadConfig({ ...production, METRICS_HOST: "0.0.0.0" })).toThrow(/^Missing METRICS_TOKEN/);
    expect(loadConfig({ ...production, METRICS_HOST: "0.0.0.0", METRICS_TOKEN }).METRICS_HOST).toBe(
      "0.0.0.0",
    );
  });

  it("only the embed and demo pages may be framed by other sites", async () => {
    const articleId = await stack.createArticle();
    const framable = [`/v1/articles/${articleId}/embed.html`, `/demo/${articleId}`];
    const notFramable = [
      "/editor",
      "/docs",
      "/openapi.json",
      `/v1/articles/${articleId}`,
      "/healthz",
      "/no-such-page",
    ];
    for (const path of framable) {
      const res = await fetch(stack.url + path);
      expect(res.headers.get("content-security-policy"), path).toMatch(/frame-ancestors \*/);
      expect(res.headers.get("x-frame-options"), path).toBeNull();
    }
    for (const path of notFramable) {
      const res = await fetch(stack.url + path);
      expect(res.headers.get("content-security-policy"), path).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    }
    const board = await fetch(`${stack.url}/admin/queues`, { headers: basic(stack.operatorToken) });
    expect(board.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(board.headers.get("x-frame-options")).toBe("DENY");
  });

  it("npm run token -- create --operator mints an operator token, and list shows which tokens are", async () => {
    const env = { REDIS_URL: stack.config.REDIS_URL, KEY_PREFIX: stack.config.KEY_PREFIX };
    const created = runTsx("bin/token.ts", ["create", "--name", "ops", "--articles", "*", "--operator"], env);
    expect(created.status, created.stderr).toBe(0);
    const token = created.stdout.trim().split("\n").at(-1)!;
    expect(created.stdout).toMatch(/operator/);
    expect((await stack.api("GET", "/v1/audit", undefined, bearer(token))).status).toBe(200);
    const listed = runTsx("bin/token.ts", ["list"], env).stdout.split("\n");
    expect(listed.find((l) => /\sops\s/.test(l))).toMatch(/operator/);
    expect(listed.find((l) => /\stest-editor\s/.test(l))).not.toMatch(/operator/);
  });

  it("a worker's metrics listen on 127.0.0.1 by default, whatever HOST says, and need METRICS_TOKEN when set", async () => {
    const port = await freePort();
    const config = loadConfig({ REDIS_URL: stack.config.REDIS_URL, KEY_PREFIX: stack.config.KEY_PREFIX });
    const worker = await spawnHerald("worker", config, {
      HOST: "0.0.0.0",
      WORKER_METRICS_PORT: String(port),
      METRICS_TOKEN,
    });
    try {
      // The address the metrics socket is bound to, as logged; 0.0.0.0 would take 127.0.0.2 too.
      expect(worker.logs.find((entry) => entry.msg === "worker ready")?.host).toBe("127.0.0.1");
      expect(await accepts("127.0.0.2", port), `127.0.0.2:${port}`).toBe(false);
      const external = networkAddress();
      if (external) expect(await accepts(external, port), `${external}:${port}`).toBe(false);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: bearer(METRICS_TOKEN) });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain("herald_jobs_total");
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await worker.stop();
    }
  });
});
