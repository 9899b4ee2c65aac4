import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfigOrExit } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { METRICS_CHALLENGE, refuseMetrics } from "../platform/metrics-access.js";
import { onShutdown } from "../platform/shutdown.js";
import { startWorker } from "./start-worker.js";

const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: config.LOG_LEVEL, name: "herald-worker" });
const worker = await startWorker(config, logger);

// A worker has no API; it answers /metrics and /healthz on a port of its own for Prometheus,
// on METRICS_HOST (loopback by default: the listener is the guard; METRICS_TOKEN when set).
const access = { token: config.METRICS_TOKEN, openWithoutToken: true };
const metricsServer =
  config.WORKER_METRICS_PORT === 0
    ? null
    : createServer((req, res) => {
        const refused = req.url === "/metrics" ? refuseMetrics(req.headers.authorization, access) : null;
        if (refused) {
          res
            .writeHead(401, { "content-type": "application/json", "www-authenticate": METRICS_CHALLENGE })
            .end(JSON.stringify({ error: refused }));
        } else if (req.url === "/metrics") {
          worker.registry.metrics().then(
            (text) => res.writeHead(200, { "content-type": worker.registry.contentType }).end(text),
            () => res.writeHead(500).end(),
          );
        } else if (req.url === "/healthz") {
          res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
        } else {
          res.writeHead(404).end();
        }
      })
        .on("error", (err) =>
          logger.warn({ err, port: config.WORKER_METRICS_PORT }, "metrics port unavailable; metrics off"),
        )
        .listen(config.WORKER_METRICS_PORT, config.METRICS_HOST);

// "worker ready" comes once the metrics port answers (or has failed), so a scrape right after it is answered.
if (metricsServer && !metricsServer.listening) {
  await new Promise<void>((resolve) =>
    metricsServer.once("listening", resolve).once("error", () => resolve()),
  );
}
// The bound address and port (PORT=0 takes any), not the configured ones.
const metricsAddress = metricsServer?.listening ? (metricsServer.address() as AddressInfo) : null;
logger.info(
  { metricsPort: metricsAddress?.port ?? null, host: metricsAddress?.address ?? config.METRICS_HOST },
  "worker ready",
);

onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  metricsServer?.close();
  await worker.close();
});
