import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  extendZodWithOpenApi,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ERROR_CODES, errorResponseSchema, type ErrorCode } from "../../protocol/index.js";
import { TAGS, errorsOf, type Auth, type RouteDescriptor } from "../../protocol/routes/index.js";

extendZodWithOpenApi(z);

type Responses = RouteConfig["responses"];

/** The route's error codes, one response per status, each naming its codes. */
function errorResponses(codes: ErrorCode[]): Responses {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(ERROR_CODES[code], [...(byStatus.get(ERROR_CODES[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      {
        description: `Error: ${list.join(", ")}`,
        content: { "application/json": { schema: errorResponseSchema } },
      },
    ]),
  );
}

function successResponses(route: RouteDescriptor): Responses {
  return Object.fromEntries(
    Object.entries(route.responses).map(([status, spec]) => [
      status,
      {
        description: spec?.description ?? "",
        ...(spec?.content
          ? {
              content: Object.fromEntries(
                Object.entries(spec.content).map(([type, schema]) => [type, { schema }]),
              ),
            }
          : {}),
      },
    ]),
  );
}

/** The document's entry for one descriptor: the schemas the server validates with, inline. */
function pathOf(
  route: RouteDescriptor,
  security: Record<Auth, NonNullable<RouteConfig["security"]>>,
): RouteConfig {
  const { body } = route;
  return {
    method: route.method,
    path: route.path,
    summary: route.summary,
    tags: [route.tag],
    security: security[route.auth],
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(route.headers ? { headers: route.headers } : {}),
      ...(body
        ? {
            body: {
              content: { "application/json": { schema: body.schema } },
              // A schema with a default takes no body at all.
              required: !body.schema.safeParse(undefined).success,
            },
          }
        : {}),
    },
    responses: { ...successResponses(route), ...errorResponses(errorsOf(route)) },
  };
}

/**
 * The OpenAPI 3.1 document of the HTTP API, assembled from the route descriptors the server
 * mounts (protocol/routes/), so it cannot describe a route other than the one served.
 * Schemas are inline, not registered as components: registering needs `.openapi()`, which
 * zod 4 gives only to schemas made after extendZodWithOpenApi, and protocol/ stays free of it.
 */
export function buildOpenApiDocument(options: {
  routes: readonly RouteDescriptor[];
  serverUrl?: string | undefined;
  version: string;
}) {
  const registry = new OpenAPIRegistry();
  const editor = registry.registerComponent("securitySchemes", "editorToken", {
    type: "http",
    scheme: "bearer",
    description:
      "An editor token (hrld_…) from `npm run token -- create`; scope patterns limit which articles it may write.",
  });
  const reader = registry.registerComponent("securitySchemes", "readerToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A reader token for one private article, from POST /v1/articles/{articleId}/reader-tokens.",
  });
  const operator = registry.registerComponent("securitySchemes", "operatorBasic", {
    type: "http",
    scheme: "basic",
    description:
      "Any user name; an operator token (npm run token -- create … --operator) as the password (or Bearer).",
  });
  const security: Record<Auth, NonNullable<RouteConfig["security"]>> = {
    editor: [{ [editor.name]: [] }],
    operator: [{ [editor.name]: [] }, { [operator.name]: [] }],
    reader: [{}, { [reader.name]: [] }, { [editor.name]: [] }],
    public: [],
  };
  for (const route of options.routes) registry.registerPath(pathOf(route, security));

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Herald",
      version: options.version,
      description:
        "Live updates for newsrooms. Editors post entries; readers receive them over Socket.IO (namespace /live: subscribe, unsubscribe, update, unsubscribed; see docs/api.md). Errors are { error: { code, message, details? } }.",
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [...TAGS],
  });
}
