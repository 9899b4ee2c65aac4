import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { Server } from "socket.io";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import type { Config } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import { closeRedis, createRedis, isCluster, redisTarget, waitUntilReady } from "../platform/redis.js";
import { createEntriesQueue } from "../queue/entries-queue.js";
import { createJobOutcomes } from "../queue/job-outcomes.js";
import { adapterKey, createUpdatePublisher } from "../publish/update-publisher.js";
import { createApplyAndPublish } from "../publish/apply-and-publish.js";
import { createRegistry, createServerMetrics, type Registry } from "../platform/metrics.js";
import { createTokenStore } from "./auth/token-store.js";
import { cacheTokens } from "./auth/token-cache.js";
import { createAuditLog } from "./audit/audit-log.js";
import { createRateLimits } from "./security/rate-limits.js";
import { createReaderTokens } from "./security/reader-tokens.js";
import { createWebhookStore } from "../webhooks/webhook-store.js";
import { createWebhooksQueue } from "../webhooks/webhook-queue.js";
import { createWebhookDispatcher } from "../webhooks/dispatch-webhooks.js";
import { createApp, corsOrigins } from "./http/app.js";
import { attachGateway } from "./realtime/gateway.js";
import type { LiveServer } from "./realtime/live-namespace.js";
import { trackFanOut } from "./realtime/fanout-tracker.js";
import { fanOutParser, watchFanOut } from "./realtime/fanout-observer.js";
import { startFanOutRepair } from "./realtime/fanout-repair.js";
import { registerLiveGauges } from "./realtime/live-gauges.js";
import { localReaderCounts } from "./reader-counts/local-readers.js";
import { startReaderCountPublisher } from "./reader-counts/publish-reader-counts.js";
import { registerReaderGauges } from "./reader-counts/reader-gauges.js";
import { registerQueueGauge } from "./metrics/queue-gauge.js";
import { drainSockets } from "./realtime/drain-sockets.js";
import { guardConnections, originCheck, socketIp } from "./realtime/connection-guard.js";
import { createCatchUpReads, registerCoalescedMetric } from "./realtime/catch-up-reads.js";

export interface HeraldServer {
  httpServer: HttpServer;
  /** The express app (mounted on httpServer beside Socket.IO). */
  app: Express;
  io: LiveServer;
  registry: Registry;
  /** The bound port (useful with PORT=0). */
  port: number;
  /** The bound address: HOST as the kernel took it (`0.0.0.0` listens on every interface). */
  address: string;
  /** Where to reach it from this machine (127.0.0.1 when bound to every interface). */
  url: string;
  /**
   * Stops taking requests and connections (`/readyz` answers 503), spreads the readers'
   * disconnects over `DRAIN_SPREAD_MS` so they reconnect elsewhere without a stampede,
   * then closes Redis. Safe to call twice.
   */
  close(): Promise<void>;
}

export interface ServerOptions {
  /** The metrics registry to fill and serve on `/metrics` (shared with the worker in `npm start`). */
  registry?: Registry;
}

/** Starts the HTTP API and the Socket.IO gateway on one port. */
export async function startServer(
  config: Config,
  logger: Logger,
  options: ServerOptions = {},
): Promise<HeraldServer> {
  const redis = createRedis(redisTarget(config), logger, {
    role: "commands",
    failFast: true,
  });
  const pub = createRedis(redisTarget(config), logger, { role: "adapter-pub" });
  const sub = createRedis(redisTarget(config), logger, { role: "adapter-sub", shardedPubSub: true });
  const queueRedis = createRedis(redisTarget(config), logger, {
    role: "queue",
    failFast: true,
  });
  await Promise.all([redis, pub, sub, queueRedis].map((c) => waitUntilReady(c)));
  const queue = createEntriesQueue(queueRedis, config.KEY_PREFIX);
  queue.on("error", (err) => logger.warn({ err }, "queue error"));
  const jobOutcomes = createJobOutcomes({
    queue,
    keyPrefix: config.KEY_PREFIX,
    connect: () => createRedis(redisTarget(config), logger, { role: "queue-events", blocking: true }),
  });
  const registry = options.registry ?? createRegistry("server");
  const metrics = createServerMetrics(registry);
  // What reaches this server from the adapter's subscriptions, whichever kind they are.
  for (const event of ["messageBuffer", "pmessageBuffer", "smessageBuffer"])
    sub.on(event, () => metrics.pubsubReceived.inc());
  let draining = false;
  const tokens = cacheTokens(createTokenStore(redis, config.KEY_PREFIX), { ttlMs: config.TOKEN_CACHE_MS });
  const limits = createRateLimits(redis, config);
  const readerTokens = createReaderTokens(redis, config.KEY_PREFIX, config.READER_TOKEN_SECRET);
  const webhookStore = createWebhookStore(redis, config.KEY_PREFIX);
  const webhooksQueue = createWebhooksQueue(queueRedis, config.KEY_PREFIX, config.WEBHOOK_RETRY_BASE_MS);
  const webhooks = createWebhookDispatcher(webhookStore, webhooksQueue);

  const app = createApp({
    config,
    logger,
    redis,
    queue,
    jobOutcomes,
    applyAndPublish: createApplyAndPublish({
      redis,
      keyPrefix: config.KEY_PREFIX,
      retention: config.LOG_RETENTION,
      htmlMaxBytes: config.ENTRY_HTML_MAX_BYTES,
      replication: { replicas: config.REDIS_WAIT_REPLICAS, timeoutMs: config.REDIS_WAIT_TIMEOUT_MS },
      publisher: createUpdatePublisher(pub, config.KEY_PREFIX),
      onPublished: (update) => webhooks.dispatch(update),
    }),
    tokens,
    audit: createAuditLog(redis, config.KEY_PREFIX),
    limits,
    readerTokens,
    webhooks: { store: webhookStore },
    isDraining: () => draining,
    metricsRegistry: registry,
  });
  const httpServer = createHttpServer(app);
  // Idle keep-alive connections outlive a load balancer's (60 s is common), so the server is
  // never the side that closes one just as a client reuses it (ECONNRESET, a proxy's 502).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const origins = corsOrigins(config.CORS_ORIGINS);
  const io: LiveServer = new Server(httpServer, {
    cors: { origin: origins === "*" ? "*" : origins },
    allowRequest: originCheck(origins),
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    // On a Redis Cluster, sharded pub/sub: each article's room has its own channel, which a
    // server subscribes to (SSUBSCRIBE) while it has readers there, so an update reaches only
    // the servers with readers of its article, through the primary that owns the channel.
    adapter: isCluster(pub)
      ? createShardedAdapter(pub, sub, {
          channelPrefix: adapterKey(config.KEY_PREFIX),
          subscriptionMode: "dynamic",
        })
      : createAdapter(pub, sub, { key: adapterKey(config.KEY_PREFIX) }),
    // Socket.IO's own parser, which also tells the tracker and the private-article eviction of
    // every update fanned out here, before it is written (fanout-observer.ts).
    parser: fanOutParser,
  });
  const tracker = trackFanOut(io.of("/live"), (update, recipients) => {
    metrics.fanOuts.inc();
    metrics.deliveries.inc(recipients);
    metrics.appliedToFanOut.observe(Math.max(0, Date.now() - Date.parse(update.at)) / 1000);
  });
  // Reconnect storms: subscribes from the same position share one log read.
  const catchUps = createCatchUpReads();
  registerCoalescedMetric(registry, catchUps);
  const live = attachGateway(io, {
    config,
    logger,
    redis,
    limits,
    readerTokens,
    catchUps,
    ipOf: (socket) => socketIp(socket, config),
    onSubscribed: (ack, articleId) => {
      metrics.subscribes.inc({ result: "reset" in ack ? "reset" : "catch_up" });
      tracker.noteSubscribed(articleId, ack.epoch, ack.seq);
    },
    onSubscribeError: () => metrics.subscribes.inc({ result: "error" }),
  });
  // Refused connections (draining, too many from one address) retry with backoff elsewhere.
  guardConnections(live, {
    config,
    limits,
    isDraining: () => draining,
    onRefused: (reason) => metrics.socketsRefused.inc({ reason }),
  });
  watchFanOut(live, (socketId) => {
    metrics.fanOutTrackingStopped.set(1);
    logger.error(
      { socket: socketId },
      "fan-out tracking stopped: a reader was sent an update this server did not observe; fan-out repair and private-article eviction miss such updates",
    );
  });
  registerLiveGauges(registry, live);
  registerReaderGauges(registry, () => localReaderCounts(live));
  // "N reading now": this process's share of each article's readers, in Redis every interval.
  const readerCounts = startReaderCountPublisher({
    redis,
    keyPrefix: config.KEY_PREFIX,
    intervalMs: config.READER_COUNT_INTERVAL_MS,
    logger,
    localCounts: () => localReaderCounts(live),
  });
  registerQueueGauge(registry, queue);
  const repair = startFanOutRepair({
    live,
    tracker,
    redis,
    subscriber: sub,
    keyPrefix: config.KEY_PREFIX,
    retention: config.LOG_RETENTION,
    logger,
    onRepaired: (count) => metrics.repairs.inc(count),
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen({ port: config.PORT, host: config.HOST, backlog: config.LISTEN_BACKLOG }, () =>
      resolve(),
    );
  });
  const { address, port } = httpServer.address() as AddressInfo;
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
  // The address the socket is bound to (0.0.0.0 when open to the network), not url's host.
  logger.info({ address, port }, "server listening");

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      // Not ready from now on, so the load balancer sends no one new; requests still get an
      // answer while readers are moved, then the listener closes.
      draining = true;
      repair.stop();
      await drainSockets(live, config.DRAIN_SPREAD_MS);
      // Keep-alive connections end as soon as their request is answered: those idle now at
      // once, those busy now when their answer is sent (not keepAliveTimeout later).
      httpServer.keepAliveTimeout = 1;
      httpServer.close();
      httpServer.closeIdleConnections();
      const steps: [string, () => Promise<unknown>][] = [
        ["reader counts", () => readerCounts.stop()],
        ["socket.io", () => io.close()],
        ["queue events", () => jobOutcomes.close()],
        ["queue", () => queue.close()],
        ["webhooks queue", () => webhooksQueue.close()],
        ["redis", () => closeRedis(redis, pub, sub, queueRedis)],
      ];
      for (const [name, step] of steps) {
        try {
          await step();
        } catch (err) {
          logger.warn({ err }, `closing ${name}`);
        }
      }
    })();
    return closing;
  }

  return { httpServer, app, io, registry, port, address, url: `http://${host}:${port}`, close };
}
