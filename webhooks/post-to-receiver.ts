import type { LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";

export interface ReceiverAnswer {
  status: number;
}

/**
 * POSTs `body` to `url`, connecting only to `addresses` (those resolveReceiver checked): the
 * socket's lookup answers with them instead of asking DNS again, while the Host header, TLS
 * server name and certificate check keep the URL's host name. A fresh connection each time
 * (no pooled socket from an earlier lookup), and redirects are never followed: node's
 * client does not follow them, and the caller treats a 3xx as a failed delivery. Only the
 * status matters, so the answer's body is dropped unread.
 */
export function postToReceiver(
  url: URL,
  addresses: LookupAddress[],
  message: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<ReceiverAnswer> {
  const [first] = addresses;
  if (!first) return Promise.reject(new Error("no address to connect to"));
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: "POST",
        agent: false,
        lookup: pinned,
        signal: AbortSignal.timeout(message.timeoutMs),
        headers: { ...message.headers, "content-length": String(Buffer.byteLength(message.body)) },
      },
      (response) => {
        resolve({ status: response.statusCode ?? 0 });
        response.destroy();
      },
    );
    request.on("error", reject);
    request.end(message.body);
  });
}
