// `npm start`: the whole of Herald for a laptop. Server and worker in one process; with no
// REDIS_URL, a private redis-server from PATH keeping its data in .herald/redis; with no HOST,
// on 127.0.0.1 only (a laptop on café Wi-Fi serves no one else).
import { loadConfigOrExit } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { isLoopbackHost } from "../platform/public-origin.js";
import { onShutdown } from "../platform/shutdown.js";
import { startServer } from "../server/create-server.js";
import { startWorker } from "../workers/start-worker.js";
import { createRegistry } from "../platform/metrics.js";
import { environmentWithRedis, mintDevToken } from "./lib/local-setup.js";

const { env, privateRedis } = await environmentWithRedis();
env.HOST ||= "127.0.0.1";
const config = loadConfigOrExit(env);
const logger = createLogger({ level: config.LOG_LEVEL, name: "herald" });
if (privateRedis)
  logger.info({ url: privateRedis.url }, "started a private redis-server (data in .herald/redis)");

// One process, one registry: /metrics shows the worker's figures beside the server's.
const registry = createRegistry("herald");
const worker = await startWorker(config, logger, { registry });
const server = await startServer(config, logger, { registry });

const dev = await mintDevToken(config, logger);

process.stdout.write(
  [
    "",
    `Herald is running at ${server.url}`,
    `  demo page: ${server.url}/demo/demo   API docs: ${server.url}/docs   editor: ${server.url}/editor`,
    `  readers connect to ${server.url}/live (Socket.IO); API under ${server.url}/v1`,
    `  try: curl -X PUT ${server.url}/v1/articles/demo -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"title":"Demo live blog"}'`,
    isLoopbackHost(server.address)
      ? `  listening on ${server.address} only; HOST=0.0.0.0 npm start opens it to your network`
      : `  listening on ${server.address}`,
    `Development operator token (writes every article, manages webhooks; until ${dev.expiresAt} or until npm start stops):`,
    dev.token,
    "",
  ].join("\n"),
);

onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  // First, so the token is dead even if a later step hangs.
  try {
    await dev.revoke();
  } catch (err) {
    logger.warn({ err }, `could not revoke the development token; it expires at ${dev.expiresAt}`);
  }
  await server.close();
  await worker.close();
  await privateRedis?.stop();
});
