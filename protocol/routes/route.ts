import { z } from "zod";
import type { ErrorCode } from "../errors.js";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call a route; the server's mount enforces it and the document describes it.
 * - `public`: anyone.
 * - `reader`: anyone for a public article; for a private one a reader token for it, or an
 *   editor token whose patterns cover it (the route's `articleId`), else 401.
 * - `editor`: an editor token (401), whose patterns cover the route's `articleId` when it
 *   has one (403); writes count against the token's budget for the minute (429). A
 *   contributor token only where the route says `contributor` (403 elsewhere).
 * - `operator`: a token made with `--operator`, as Bearer or as Basic's password (401, 403).
 */
export type Auth = "public" | "reader" | "editor" | "operator";

/** The sections of the API's document, in order. */
export const TAGS = [
  { name: "Articles" },
  { name: "Entries" },
  { name: "Drafts", description: "Contributors' entries waiting for an editor to publish or reject" },
  { name: "Access", description: "Reader tokens for private articles, and the audit log" },
  { name: "Webhooks", description: "Outgoing webhooks, signed per Standard Webhooks" },
  { name: "Editor", description: "What the editor console uses: preview and scheduled entries" },
  { name: "Widget", description: "The <live-ticker> script, the embed page and the demo" },
  { name: "Feeds", description: "Atom and RSS 2.0 feeds of a public article's entries, for feed readers" },
  { name: "Operations" },
] as const;

export type Tag = (typeof TAGS)[number]["name"];

/** One response of a route: what it means, and its body by media type (none for 204/304). */
export interface ResponseSpec {
  description: string;
  content?: Partial<Record<MediaType, z.ZodType>>;
}

type MediaType =
  | "application/json"
  | "text/html"
  | "text/plain"
  | "text/javascript"
  | "text/css"
  | "application/atom+xml"
  | "application/rss+xml";

/**
 * One HTTP route, described once: the server mounts it (validating params, query, headers
 * and body with these schemas before the handler runs) and the OpenAPI document is built
 * from the same object.
 */
export interface RouteDescriptor {
  method: Method;
  /** OpenAPI style, `/v1/articles/{articleId}`; express is given `/v1/articles/:articleId`. */
  path: string;
  summary: string;
  tag: Tag;
  auth: Auth;
  params?: z.ZodObject;
  /**
   * When set, a path parameter that fails its schema names nothing that could exist:
   * 404 `not_found` with this message rather than 400 (a file or webhook id, not an input).
   */
  unknownParam?: string;
  query?: z.ZodObject;
  /** Request headers the route reads, checked like the rest (names as sent, any case). */
  headers?: z.ZodObject;
  /** A JSON body; `what` names it in errors ("Invalid entry at title: …"). */
  body?: { schema: z.ZodType; what: string };
  responses: Partial<Record<number, ResponseSpec>>;
  /** Errors of the route's own logic, beyond those its auth, inputs and path imply. */
  errors?: readonly ErrorCode[];
  /**
   * Auth `editor` only: contributor tokens may call it too (what they submit waits as a
   * draft). Every other editor route refuses them with 403.
   */
  contributor?: true;
}

/**
 * A public read's answer to `If-None-Match` naming its current ETag, decided from the article's
 * head alone (docs/api.md#caching).
 */
export const NOT_MODIFIED: ResponseSpec = {
  description: "Not modified: If-None-Match names the current ETag (public articles only)",
};

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": schema },
});

const textOf =
  (type: Exclude<MediaType, "application/json">) =>
  (description: string): ResponseSpec => ({ description, content: { [type]: z.string() } });

export const html = textOf("text/html");
export const plainText = textOf("text/plain");
export const javascript = textOf("text/javascript");
export const css = textOf("text/css");
export const atomXml = textOf("application/atom+xml");
export const rssXml = textOf("application/rss+xml");

/**
 * Every error code a route can answer: those the mount enforces for its auth and inputs,
 * the per-IP budget and store outages of `/v1`, and the route's own `errors`.
 */
export function errorsOf(route: RouteDescriptor): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (route.unknownParam) codes.add("not_found");
  if ((route.params && !route.unknownParam) || route.query || route.headers || route.body) {
    codes.add("validation_failed");
  }
  if (route.body) {
    for (const code of [
      "invalid_json",
      "forbidden_key",
      "unsupported_media_type",
      "payload_too_large",
    ] as const)
      codes.add(code);
  }
  if (route.auth === "reader") codes.add("article_not_found").add("unauthorized");
  if (route.auth === "operator") codes.add("unauthorized").add("forbidden");
  if (route.auth === "editor") {
    codes.add("unauthorized");
    if (route.params?.shape.articleId || !route.contributor) codes.add("forbidden");
    if (route.method !== "get") codes.add("rate_limited");
  }
  if (route.path.startsWith("/v1/")) codes.add("rate_limited").add("unavailable");
  for (const code of route.errors ?? []) codes.add(code);
  return [...codes];
}
