import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import type { Config } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import { closeRedis, createRedis, waitUntilReady } from "../platform/redis.js";
import { createEntriesQueue } from "../platform/entries-queue.js";
import { adapterKey, createUpdatePublisher } from "../platform/publisher.js";
import { createTokenStore } from "./auth/token-store.js";
import { createApp, corsOrigins } from "./http/app.js";
import { attachGateway, type LiveServer } from "./realtime/gateway.js";

export interface HeraldServer {
  httpServer: HttpServer;
  io: LiveServer;
  /** The bound port (useful with PORT=0). */
  port: number;
  url: string;
  /** Stops taking requests, tells readers to reconnect elsewhere, closes Redis. Safe twice. */
  close(): Promise<void>;
}

/** Starts the HTTP API and the Socket.IO gateway on one port. */
export async function startServer(config: Config, logger: Logger): Promise<HeraldServer> {
  const redis = createRedis(config.REDIS_URL, logger, { role: "commands", failFast: true });
  const pub = createRedis(config.REDIS_URL, logger, { role: "adapter-pub" });
  const sub = createRedis(config.REDIS_URL, logger, { role: "adapter-sub" });
  const queueRedis = createRedis(config.REDIS_URL, logger, { role: "queue", failFast: true });
  await Promise.all([redis, pub, sub, queueRedis].map((c) => waitUntilReady(c)));
  const queue = createEntriesQueue(queueRedis, config.KEY_PREFIX);
  let draining = false;

  const app = createApp({
    config,
    logger,
    redis,
    queue,
    publisher: createUpdatePublisher(pub, config.KEY_PREFIX),
    tokens: createTokenStore(redis, config.KEY_PREFIX),
    isDraining: () => draining,
  });
  const httpServer = createHttpServer(app);
  const origins = corsOrigins(config.CORS_ORIGINS);
  const io: LiveServer = new Server(httpServer, {
    cors: { origin: origins === "*" ? "*" : origins },
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    connectionStateRecovery: undefined,
    adapter: createAdapter(pub, sub, { key: adapterKey(config.KEY_PREFIX) }),
  });
  attachGateway(io, { config, logger, redis });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
  logger.info({ port }, "server listening");

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    draining = true;
    closing ??= (async () => {
      // io.close() disconnects every reader (their clients reconnect, with jitter, elsewhere)
      // and closes the HTTP server.
      try {
        await io.close();
      } catch (err) {
        logger.warn({ err }, "closing socket.io");
      }
      try {
        await queue.close();
      } catch (err) {
        logger.warn({ err }, "closing queue");
      }
      await closeRedis(redis, pub, sub, queueRedis);
    })();
    return closing;
  }

  return { httpServer, io, port, url: `http://${host}:${port}`, close };
}
