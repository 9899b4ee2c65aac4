import type { Article, ArticleView, ErrorResponse } from "../protocol/index.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details` (a 412's `current` entry). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The editor API with the session's token; network failures become ApiError status 0. */
export function createApi(token: string) {
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        ...(signal ? { signal } : {}),
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, "network", "Herald cannot be reached. Nothing was lost: try again.");
    }
    if (response.status === 204) return undefined as T;
    const json = (await response.json().catch(() => ({}))) as T & Partial<ErrorResponse>;
    if (!response.ok)
      throw new ApiError(
        response.status,
        json.error?.code ?? "error",
        json.error?.message ?? `HTTP ${response.status}`,
        json.error?.details,
      );
    return json;
  }
  return {
    check: () => call<{ html: string }>("POST", "/v1/preview", { body: "" }),
    /** `signal` aborts a render nobody will look at (the compose box was reset). */
    preview: (body: string, signal?: AbortSignal) =>
      call<{ html: string }>("POST", "/v1/preview", { body }, {}, signal),
    getArticle: (id: string) => call<ArticleView>("GET", `/v1/articles/${encodeURIComponent(id)}`),
    putArticle: (id: string, input: { title: string; status: "live" | "ended" }) =>
      call<Article>("PUT", `/v1/articles/${encodeURIComponent(id)}`, input),
    post: (id: string, entry: Record<string, unknown>, idempotencyKey: string) =>
      call<{ id: string }>("POST", `/v1/articles/${encodeURIComponent(id)}/entries`, entry, {
        "Idempotency-Key": idempotencyKey,
      }),
    /** With `ifVersion`, only if the entry is still at that version (else ApiError 412). */
    patch: (id: string, entryId: string, patch: Record<string, unknown>, ifVersion?: number) =>
      call<{ id: string }>(
        "PATCH",
        `/v1/articles/${encodeURIComponent(id)}/entries/${encodeURIComponent(entryId)}`,
        patch,
        ifVersion === undefined ? {} : { "If-Match": `"${ifVersion}"` },
      ),
    retract: (id: string, entryId: string, ifVersion?: number) =>
      call<{ id: string }>(
        "DELETE",
        `/v1/articles/${encodeURIComponent(id)}/entries/${encodeURIComponent(entryId)}`,
        undefined,
        ifVersion === undefined ? {} : { "If-Match": `"${ifVersion}"` },
      ),
    scheduled: (id: string) =>
      call<{ scheduled: { id: string; publishAt?: string; title?: string; body: string }[] }>(
        "GET",
        `/v1/articles/${encodeURIComponent(id)}/scheduled`,
      ),
    /** Any other call: the drafts panel's (editor-console/draft-panel.ts). */
    request: call,
    cancelScheduled: (id: string, entryId: string) =>
      call<void>("DELETE", `/v1/articles/${encodeURIComponent(id)}/scheduled/${encodeURIComponent(entryId)}`),
  };
}
export type Api = ReturnType<typeof createApi>;
