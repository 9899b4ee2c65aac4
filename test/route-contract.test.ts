import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "./helpers/stack.js";
import { servedRoutes } from "./helpers/served-routes.js";

interface Operation {
  responses: Record<string, { description: string }>;
}

type Document = { paths: Record<string, Record<string, Operation>> };

/** The documented operation a request lands on: a literal path wins over a template. */
function operationFor(document: Document, method: string, path: string): Operation | undefined {
  const pathname = path.split("?")[0] ?? path;
  const templates = Object.keys(document.paths).sort((a, b) => a.split("{").length - b.split("{").length);
  const template = templates.find((t) =>
    new RegExp(`^${t.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`).test(pathname),
  );
  return template ? document.paths[template]?.[method.toLowerCase()] : undefined;
}

const METRICS_TOKEN = "metrics-token-for-the-contract-test-0123456789";

describe("the routes, as described and as served", () => {
  let stack: Stack;
  let document: Document;
  let articleId: string;
  beforeAll(async () => {
    stack = await startStack({ config: { QUEUE_DASHBOARD: "on", METRICS_TOKEN } });
    document = (await (await fetch(`${stack.url}/openapi.json`)).json()) as Document;
    articleId = await stack.createArticle();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("serves every documented route and documents every served one", () => {
    const served = servedRoutes(stack.server.app);
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    // Bull Board mounts a router of its own at /admin/queues, not a route layer.
    expect([...served].sort()).toEqual(documented.filter((r) => r !== "get /admin/queues").sort());
  });

  it("answers bad requests only with statuses and codes the document lists for the route", async () => {
    const json = { "content-type": "application/json" };
    const { token: sports } = await stack.tokens.create({ name: "sports", articles: ["sports-*"] });
    const asEditor = { authorization: `Bearer ${stack.token}` };
    const cases: { method: string; path: string; headers?: Record<string, string>; body?: string }[] = [
      { method: "GET", path: "/metrics" },
      { method: "GET", path: "/admin/queues" },
      { method: "GET", path: "/admin/queues", headers: asEditor },
      { method: "GET", path: "/v1/webhooks", headers: asEditor },
      {
        method: "GET",
        path: "/v1/webhooks/nope",
        headers: { authorization: `Bearer ${stack.operatorToken}` },
      },
      {
        method: "GET",
        path: "/v1/audit?limit=0",
        headers: { authorization: `Bearer ${stack.operatorToken}` },
      },
      { method: "GET", path: "/sdk/nope.js" },
      { method: "GET", path: "/demo/a:b" },
      { method: "GET", path: "/v1/articles/a:b" },
      { method: "GET", path: "/v1/articles/never-made/embed.html" },
      { method: "GET", path: `/v1/articles/${articleId}/entries?before=zzz` },
      { method: "GET", path: `/v1/articles/${articleId}/updates?since=abc` },
      { method: "GET", path: `/v1/articles/${articleId}/audit?before=x`, headers: asEditor },
      { method: "POST", path: "/v1/preview", headers: json, body: '{"body":"x"}' },
      {
        method: "POST",
        path: "/v1/preview",
        headers: { ...json, ...asEditor },
        body: JSON.stringify({ body: "x".repeat(20_001) }),
      },
      {
        method: "POST",
        path: `/v1/articles/${articleId}/entries`,
        headers: { ...json, ...asEditor, "Idempotency-Key": "a key with spaces" },
        body: '{"body":"x"}',
      },
      {
        method: "PUT",
        path: `/v1/articles/${articleId}`,
        headers: { ...json, authorization: `Bearer ${sports}` },
        body: '{"title":"t"}',
      },
      {
        method: "POST",
        path: `/v1/articles/${articleId}/reader-tokens`,
        headers: { ...json, ...asEditor },
        body: '{"ttlSeconds":1}',
      },
      { method: "DELETE", path: `/v1/articles/${articleId}/scheduled/nope`, headers: asEditor },
      { method: "DELETE", path: `/v1/articles/${articleId}/entries/nope`, headers: asEditor },
    ];
    const undocumented: string[] = [];
    for (const c of cases) {
      const response = await fetch(stack.url + c.path, {
        method: c.method,
        headers: c.headers ?? {},
        ...(c.body === undefined ? {} : { body: c.body }),
      });
      const { error } = (await response.json()) as { error: { code: string } };
      expect(response.status, `${c.method} ${c.path}`).toBeGreaterThanOrEqual(400);
      const listed = operationFor(document, c.method, c.path)?.responses[String(response.status)];
      if (!listed?.description.includes(error.code)) {
        undocumented.push(`${c.method} ${c.path} → ${response.status} ${error.code}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
