import type { IncomingMessage } from "node:http";
import type { Socket } from "socket.io";
import type { Config } from "../../platform/config.js";
import type { RateLimits } from "../security/rate-limits.js";
import { clientIp } from "../security/client-ip.js";
import { OVER_CAPACITY, type ConnectRefusal } from "../../protocol/connect-refusal.js";
import type { LiveNamespace } from "./live-namespace.js";

/**
 * Socket.IO's `allowRequest`: CORS does not cover WebSockets, so the handshake's Origin is
 * checked here against CORS_ORIGINS. Requests without an Origin (servers, CLIs) pass.
 */
export function originCheck(origins: string[] | "*") {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    const allowed = origins === "*" || origin === undefined || origins.includes(origin);
    callback(allowed ? null : "origin not allowed", allowed);
  };
}

export function socketIp(socket: Socket, config: Config): string {
  return clientIp(socket.request, config.TRUST_PROXY);
}

/** Why a handshake was refused (the `reason` of `herald_sockets_refused_total`). */
export type RefusalReason = "draining" | "over_capacity" | "per_ip" | "rate";

/**
 * The refusal of a full server: its `data` reaches the client as `connect_error`'s, and
 * sends it to polling, with the socket tried again only after `retryAfterS`.
 */
function overCapacity(config: Config): Error {
  const data: ConnectRefusal = { code: OVER_CAPACITY, retryAfterS: config.OVER_CAPACITY_RETRY_S };
  return Object.assign(new Error("server full: poll GET /v1/articles/:id/updates"), { data });
}

/**
 * Admits a connection unless the server is draining, holds MAX_SOCKETS connections already
 * (admission control: the client polls instead), the address opened too many connections
 * this minute (Redis-backed, across servers), or already holds MAX_CONNECTIONS_PER_IP on
 * this process. A refused client retries with backoff.
 */
export function guardConnections(
  live: LiveNamespace,
  deps: {
    config: Config;
    limits: RateLimits;
    isDraining: () => boolean;
    onRefused?: (reason: RefusalReason) => void;
  },
): void {
  const open = new Map<string, number>();
  const enforceCap = deps.config.RATE_LIMITS === "on";
  // Connections admitted or being admitted: handshakes in flight count, so a burst cannot overshoot.
  let total = 0;
  const refuse = (reason: RefusalReason, err: Error) => {
    deps.onRefused?.(reason);
    return err;
  };
  const release = (ip: string) => {
    total--;
    const left = (open.get(ip) ?? 1) - 1;
    if (left > 0) open.set(ip, left);
    else open.delete(ip);
  };
  live.use((socket, next) => {
    if (deps.isDraining()) return next(refuse("draining", new Error("server shutting down")));
    if (deps.config.MAX_SOCKETS > 0 && total >= deps.config.MAX_SOCKETS) {
      return next(refuse("over_capacity", overCapacity(deps.config)));
    }
    const ip = socketIp(socket, deps.config);
    if (enforceCap && (open.get(ip) ?? 0) >= deps.config.MAX_CONNECTIONS_PER_IP) {
      return next(refuse("per_ip", new Error("too many connections from this address")));
    }
    // Counted before the asynchronous check, so simultaneous handshakes cannot all slip under the cap.
    open.set(ip, (open.get(ip) ?? 0) + 1);
    total++;
    // Given back exactly once, by whichever comes first: a refusal, the socket's disconnect,
    // or the underlying connection's close. Socket.IO emits no `disconnect` for a client
    // that drops before this middleware finishes, so the close is what catches that one.
    let held = true;
    const giveBack = () => {
      if (!held) return;
      held = false;
      socket.conn.off("close", giveBack);
      release(ip);
    };
    socket.conn.once("close", giveBack);
    if (socket.conn.readyState !== "open") {
      giveBack();
      return next(new Error("connection closed"));
    }
    deps.limits.connections.take(ip).then(
      (allowed) => {
        if (!allowed.ok) {
          giveBack();
          return next(refuse("rate", new Error("too many new connections from this address")));
        }
        socket.once("disconnect", giveBack);
        next();
      },
      (err: unknown) => {
        giveBack();
        next(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
