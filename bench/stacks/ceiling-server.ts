// The ceiling: a plain Socket.IO server on the same port layout and protocol as Herald's
// gateway, that broadcasts each posted entry to its room at once, from memory. No express,
// no queue, no worker, no Redis: what is left is the HTTP request and Socket.IO's fan-out,
// the least any push service built on this stack can cost. Run by ceiling-stack.ts.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import {
  LIVE_NAMESPACE,
  articleRoom,
  type Article,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  type Update,
} from "../../protocol/index.js";

const articles = new Map<string, Article>();

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\n/g, "<br>\n");

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || "{}") as Record<string, unknown>;
}

function putArticle(id: string, title: string): { status: number; article: Article } {
  const existing = articles.get(id);
  const now = new Date().toISOString();
  if (existing) return { status: 200, article: existing };
  const epoch = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  const article: Article = { id, title, status: "live", epoch, seq: 0, createdAt: now, updatedAt: now };
  articles.set(id, article);
  return { status: 201, article };
}

/** The same update Herald's worker publishes: an entry.created with rendered HTML. */
function newEntryUpdate(article: Article, body: string): Update {
  const seq = ++article.seq;
  const at = new Date().toISOString();
  const id = `${Date.now().toString(36)}${randomBytes(5).toString("hex")}`;
  return {
    articleId: article.id,
    epoch: article.epoch,
    seq,
    type: "entry.created",
    entry: {
      id,
      articleId: article.id,
      seq,
      body,
      html: `<p>${escapeHtml(body)}</p>\n`,
      pinned: false,
      keyEvent: false,
      publishedAt: at,
    },
    at,
  };
}

const http = createServer((req, res) => {
  const match = /^\/v1\/articles\/([A-Za-z0-9][A-Za-z0-9._-]{0,127})(\/entries)?$/.exec(req.url ?? "");
  const id = match?.[1];
  if (!id) return send(res, 404, { error: { code: "not_found", message: "no such route" } });
  if (req.method === "GET" && !match[2]) {
    const article = articles.get(id);
    return article ? send(res, 200, article) : send(res, 404, { error: { code: "article_not_found" } });
  }
  readJson(req).then(
    (body) => {
      if (req.method === "PUT" && !match[2]) {
        const { status, article } = putArticle(id, typeof body.title === "string" ? body.title : id);
        return send(res, status, article);
      }
      const article = articles.get(id);
      if (req.method !== "POST" || !match[2] || !article || typeof body.body !== "string")
        return send(res, 400, { error: { code: "bad_request", message: "unsupported" } });
      const update = newEntryUpdate(article, body.body);
      // Answer first, as Herald answers 202 before its worker fans out; then broadcast.
      send(res, 202, {
        id: update.type === "article.updated" ? "" : update.entry.id,
        articleId: id,
        status: "queued",
      });
      live.to(articleRoom(id)).emit("update", update);
    },
    () => send(res, 400, { error: { code: "invalid_json", message: "bad body" } }),
  );
});

// Herald's Socket.IO settings (server/create-server.ts), minus the Redis adapter.
const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
  cors: { origin: "*" },
  maxHttpBufferSize: 16 * 1024,
  pingInterval: 20_000,
  pingTimeout: 20_000,
});
const live = io.of(LIVE_NAMESPACE);
live.on("connection", (socket) => {
  socket.on("subscribe", (input, ack) => {
    // Plain Socket.IO joins any room asked for; after a restart the article comes back this way.
    const article = articles.get(input.articleId) ?? putArticle(input.articleId, input.articleId).article;
    void socket.join(articleRoom(article.id));
    // No log: a reader that is in step gets an empty catch-up, anyone else a reset with nothing.
    const answer: SubscribeAck =
      input.epoch === article.epoch && input.since === article.seq
        ? { ok: true, epoch: article.epoch, seq: article.seq, updates: [], article }
        : { ok: true, epoch: article.epoch, seq: article.seq, reset: true, entries: [], article };
    ack(answer);
  });
});

// The same listen backlog as Herald's default (LISTEN_BACKLOG): a kernel setting, not Herald's
// work, so a reconnect storm measures both servers with the same queue in front of them.
http.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1", backlog: 4_096 }, () => {
  const { port } = http.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: "ceiling listening", port })}\n`);
});
process.on("SIGTERM", () => {
  void io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
});
