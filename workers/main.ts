import { loadConfigOrExit } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { onShutdown } from "../platform/shutdown.js";
import { startWorker } from "./start-worker.js";

const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: config.LOG_LEVEL, name: "herald-worker" });
const worker = await startWorker(config, logger);
onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, () => worker.close());
