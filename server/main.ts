import { loadConfigOrExit } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { onShutdown } from "../platform/shutdown.js";
import { startServer } from "./create-server.js";

const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: config.LOG_LEVEL, name: "herald-server" });
const server = await startServer(config, logger);
onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, () => server.close());
