import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { nonPublicRange } from "./public-address.js";

/** Every address a host name has, as a connection would find them. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolve: ResolveHost = (hostname) => lookup(hostname, { all: true });

/** A receiver Herald will not send to. Retrying cannot help, so the delivery fails for good. */
export class ReceiverRefused extends Error {
  override name = "ReceiverRefused";
}

/**
 * Resolves a receiver's host once, at send time, and refuses it when any of its addresses is
 * not public: a name can point anywhere, and can be re-pointed after it was registered. The
 * caller connects to these very addresses (see postToReceiver), so a second lookup cannot
 * swap in another one (DNS rebinding). `allowPrivate` (WEBHOOK_ALLOW_PRIVATE, never in
 * production) skips the address check, not the others.
 */
export async function resolveReceiver(
  url: URL,
  options: { allowPrivate: boolean; resolve?: ResolveHost },
): Promise<LookupAddress[]> {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ReceiverRefused(`refused: ${url.protocol} is not http: or https:`);
  if (url.username !== "" || url.password !== "")
    throw new ReceiverRefused("refused: the URL carries credentials");
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const addresses = await (options.resolve ?? systemResolve)(host);
  if (addresses.length === 0) throw new Error(`${url.hostname} has no address`);
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const range = nonPublicRange(address);
      if (range)
        throw new ReceiverRefused(
          `refused: ${url.hostname} resolves to ${address}, not a public address (${range})`,
        );
    }
  }
  return addresses;
}
