import { HeraldClient } from "../herald-client.js";

/** A client lent to one ticker; give it back with `release()` when the ticker goes. */
export interface ClientLease {
  client: HeraldClient;
  release(): void;
}

interface Shared {
  client: HeraldClient;
  users: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
}

// A ticker moved in the DOM is destroyed and made again at once; the grace keeps its
// connection (and every other ticker's) open across that instead of reconnecting.
const CLOSE_GRACE_MS = 2_000;
const clients = new Map<string, Shared>();

/**
 * One connection per server for every ticker on a page (the client multiplexes articles).
 * The connection closes shortly after the last ticker using it is destroyed, so a
 * single-page app that removes its tickers does not keep a socket open.
 */
export function leaseClient(url: string): ClientLease {
  const key = url.replace(/\/+$/, "");
  let shared = clients.get(key);
  if (!shared) {
    shared = { client: new HeraldClient({ url: key }), users: 0, closeTimer: null };
    clients.set(key, shared);
  }
  const lease = shared;
  lease.users++;
  if (lease.closeTimer) clearTimeout(lease.closeTimer);
  lease.closeTimer = null;
  let released = false;
  return {
    client: lease.client,
    release() {
      if (released) return;
      released = true;
      if (--lease.users > 0) return;
      lease.closeTimer = setTimeout(() => {
        if (lease.users > 0 || clients.get(key) !== lease) return;
        clients.delete(key);
        lease.client.close();
      }, CLOSE_GRACE_MS);
    },
  };
}
