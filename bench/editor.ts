import { Agent, request } from "node:http";
import { nowMs } from "./clock.js";
import { stampedBody } from "./entry-stamp.js";

export interface PostResult {
  articleId: string;
  /** Monotonic send time (clock.ts). */
  sentAt: number;
  /** From sending the POST to its answer, ms. */
  acceptMs: number;
  status: number;
}

export interface Editor {
  createArticle(articleId: string, title: string): Promise<void>;
  /** Posts one entry stamped with its send time. */
  post(articleId: string): Promise<PostResult>;
  close(): void;
}

/**
 * An editor on the real HTTP API: `PUT /v1/articles/:id`, `POST /v1/articles/:id/entries`
 * with a bearer token. node:http with keep-alive rather than fetch: the editor's own cost
 * is in every latency figure, so it should be small.
 */
export function createEditor(apiUrl: string, token: string): Editor {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(apiUrl);

  function call(method: string, path: string, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  return {
    async createArticle(articleId, title) {
      const { status, text } = await call("PUT", `/v1/articles/${articleId}`, JSON.stringify({ title }));
      if (status !== 200 && status !== 201) throw new Error(`PUT ${articleId}: ${status} ${text}`);
    },
    async post(articleId) {
      const sentAt = nowMs();
      const body = JSON.stringify({ body: stampedBody(sentAt, Date.now()) });
      try {
        const { status } = await call("POST", `/v1/articles/${articleId}/entries`, body);
        return { articleId, sentAt, acceptMs: nowMs() - sentAt, status };
      } catch {
        return { articleId, sentAt, acceptMs: nowMs() - sentAt, status: 0 };
      }
    },
    close: () => agent.destroy(),
  };
}

/** Creates many articles, a few at a time. */
export async function createArticles(editor: Editor, ids: string[], title: string): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < ids.length) await editor.createArticle(ids[next++]!, title);
  };
  await Promise.all(Array.from({ length: 16 }, lane));
}
