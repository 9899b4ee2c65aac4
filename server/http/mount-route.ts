import type { Request, RequestHandler, Response, Router } from "express";
import type { z } from "zod";
import type { Article } from "../../protocol/index.js";
import type { RouteDescriptor } from "../../protocol/routes/index.js";
import { checkEditor, checkScope } from "../auth/editor-guard.js";
import { checkOperator } from "../auth/operator-guard.js";
import { checkRole } from "../auth/contributor-guard.js";
import { loadReadableArticle, type ReadAccessDeps } from "../auth/read-access.js";
import type { TokenRecord } from "../auth/token-store.js";
import type { AppDeps } from "./app-deps.js";
import { allowed, editorOf, rememberEditor } from "./guards.js";
import { HttpError, issuesOf } from "./http-error.js";
import { jsonBody } from "./json-body.js";
import { parseInput } from "./parse-input.js";

type MountDeps = Pick<AppDeps, "config" | "redis" | "tokens" | "limits" | "readerTokens"> &
  Pick<ReadAccessDeps, "readArticle">;
type Out<D, K extends string> = D extends { [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined;
type JsonBody<R> = R extends { content: { "application/json": infer S extends z.ZodType } }
  ? z.input<S>
  : never;

/** What a handler is given: its inputs already checked against the descriptor's schemas. */
export interface RouteInput<D extends RouteDescriptor> {
  params: Out<D, "params">;
  query: Out<D, "query">;
  headers: Out<D, "headers">;
  body: D extends { body: { schema: infer S extends z.ZodType } } ? z.output<S> : undefined;
  /** The editor token, allowed to write the route's article (auth `editor`). */
  editor: D["auth"] extends "editor" ? TokenRecord : undefined;
  /** The article, which this caller may read (auth `reader`). */
  article: D["auth"] extends "reader" ? Article : undefined;
  /** Sends a JSON response the descriptor declares, its body typed by the status. */
  reply: <S extends keyof D["responses"] & number>(status: S, body: JsonBody<D["responses"][S]>) => void;
  req: Request;
  res: Response;
}

export type RouteHandler<D extends RouteDescriptor> = (input: RouteInput<D>) => void | Promise<void>;

/** `/v1/articles/{articleId}` → `/v1/articles/:articleId`. */
const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

/**
 * The route's auth, as middleware that runs before its body is read: an unknown token gets
 * 401 without the body being parsed. Null for routes open to all (`reader` routes are
 * checked once the article is known).
 */
export function guardOf(route: RouteDescriptor, deps: MountDeps): RequestHandler | null {
  if (route.auth === "editor") {
    // Writes count against the token's budget; reads with it (audit, scheduled) do not.
    const writes = route.method === "get" ? undefined : deps.limits.writes;
    return async (req, _res, next) => {
      const { token } = allowed(await checkEditor(deps.tokens, req.headers.authorization, writes));
      rememberEditor(req, allowed(checkRole(token, route.contributor === true)).token);
      next();
    };
  }
  if (route.auth === "operator") {
    return async (req, _res, next) => {
      allowed(await checkOperator(deps.tokens, req.headers.authorization));
      next();
    };
  }
  return null;
}

function parseParams(route: RouteDescriptor, schema: z.ZodObject, raw: unknown): Record<string, unknown> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  if (route.unknownParam !== undefined) throw new HttpError("not_found", route.unknownParam);
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join(".") ?? "path";
  throw new HttpError(
    "validation_failed",
    `Invalid ${where}: ${issue?.message ?? "invalid"}`,
    issuesOf(parsed.error),
  );
}

/**
 * Checks a request against its descriptor in the order clients have always seen: path
 * parameters (400), the editor's scope over the article (403), query, headers and body
 * (400), then, for readers, the article (404) and the right to read it (401).
 */
async function inputOf<D extends RouteDescriptor>(
  route: D,
  deps: MountDeps,
  req: Request,
  res: Response,
): Promise<RouteInput<D>> {
  const params = route.params ? parseParams(route, route.params, req.params) : undefined;
  const articleId = typeof params?.articleId === "string" ? params.articleId : undefined;
  let editor: TokenRecord | undefined;
  if (route.auth === "editor") {
    editor = editorOf(req);
    if (articleId !== undefined) allowed(checkScope(editor, articleId));
  }
  const query: unknown = route.query ? parseInput(route.query, req.query, "query") : undefined;
  const headers: unknown = route.headers
    ? parseInput(
        route.headers,
        Object.fromEntries(Object.keys(route.headers.shape).map((name) => [name, req.get(name)])),
        "headers",
      )
    : undefined;
  const body: unknown = route.body ? parseInput(route.body.schema, req.body, route.body.what) : undefined;
  let article: Article | undefined;
  if (route.auth === "reader") {
    article = allowed(await loadReadableArticle(req.headers.authorization, articleId ?? "", deps)).article;
  }
  const reply = (status: number, json: unknown) => {
    res.status(status).json(json);
  };
  // The checks above are what make these types true; TypeScript cannot follow them.
  return { params, query, headers, body, editor, article, reply, req, res } as RouteInput<D>;
}

/**
 * Mounts descriptors on `router`: the guard of the route's auth, a JSON body parser when it
 * takes a body, then its checked inputs to `handler`. Errors reach the app's error handler.
 */
export function routeMounter(router: Router, deps: MountDeps) {
  return function mount<D extends RouteDescriptor>(
    route: D,
    handler: RouteHandler<D>,
    options: { before?: RequestHandler[] } = {},
  ): void {
    if (route.auth === "reader" && !route.params?.shape.articleId) {
      throw new Error(`${route.path}: a reader route needs an articleId parameter`);
    }
    const guard = guardOf(route, deps);
    const chain: RequestHandler[] = [
      ...(options.before ?? []),
      ...(guard ? [guard] : []),
      ...(route.body ? jsonBody(deps.config.BODY_LIMIT_BYTES) : []),
      async (req, res) => {
        await handler(await inputOf(route, deps, req, res));
      },
    ];
    router[route.method](expressPath(route.path), ...chain);
  };
}
