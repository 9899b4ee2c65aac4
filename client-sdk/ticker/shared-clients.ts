import { HeraldClient } from "../herald-client.js";

const clients = new Map<string, HeraldClient>();

/** One connection per server for every ticker on a page (the client multiplexes articles). */
export function sharedClient(url: string): HeraldClient {
  const key = url.replace(/\/+$/, "");
  let client = clients.get(key);
  if (!client) {
    client = new HeraldClient({ url: key });
    clients.set(key, client);
  }
  return client;
}
