import type { Namespace, Server } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "../../protocol/index.js";

/** The Socket.IO server and its `/live` namespace, typed by the protocol's events. */
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
