import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "./helpers/stack.js";
import { servedRoutes } from "./helpers/served-routes.js";

describe("the OpenAPI document", () => {
  let stack: Stack;
  let document: { openapi: string; paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    stack = await startStack({ config: { QUEUE_DASHBOARD: "on" } });
    document = (await (await fetch(`${stack.url}/openapi.json`)).json()) as typeof document;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("is valid OpenAPI 3.1", async () => {
    expect(document.openapi).toBe("3.1.0");
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents every route the server answers, with its error codes", () => {
    const served = servedRoutes(stack.server.app);
    expect(served.size).toBeGreaterThan(15);
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    const missing = [...served].filter((r) => !documented.has(r) && !r.startsWith("get /docs/"));
    expect(missing).toEqual([]);
    const post = document.paths["/v1/articles/{articleId}/entries"]!.post as {
      responses: Record<string, unknown>;
    };
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(["202", "400", "401", "403", "404", "409", "413", "415", "422", "429"]),
    );
  });

  it("is browsable at /docs with assets served locally", async () => {
    const page = await fetch(`${stack.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/docs/assets/swagger-ui-bundle.js");
    expect((await fetch(`${stack.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
    expect((await fetch(`${stack.url}/docs/init.js`)).headers.get("content-type")).toMatch(/javascript/);
  });
});
