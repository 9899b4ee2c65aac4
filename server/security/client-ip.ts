import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/**
 * The client's address: the socket's peer, or, behind `trustedHops` reverse proxies, the
 * address those proxies put in X-Forwarded-For. Never more of that header than the hops
 * configured (TRUST_PROXY), so a client cannot pick its own address. The same rule express
 * applies to `req.ip`, for Socket.IO's handshake request.
 */
export function clientIp(req: IncomingMessage, trustedHops: number): string {
  return proxyaddr(req, (_address, hop) => hop < trustedHops);
}
