// What a server says when it refuses a socket at the handshake, in a module without zod:
// the browser client reads it (socket.io-client hands it over as `connect_error`'s `data`).

/** A socket refused because the server holds `MAX_SOCKETS` connections: poll instead. */
export const OVER_CAPACITY = "over_capacity";

/** The poll interval a server advises, in seconds, on every `GET …/updates` answer. */
export const POLL_INTERVAL_HEADER = "Herald-Poll-Interval";

/** `connect_error`'s `data` on a refusal that tells the client what to do. */
export interface ConnectRefusal {
  code: typeof OVER_CAPACITY;
  /** Try the socket again after about this many seconds; poll meanwhile. */
  retryAfterS: number;
}

/** True when a `connect_error`'s `data` is a {@link ConnectRefusal}. */
export function isConnectRefusal(data: unknown): data is ConnectRefusal {
  return (
    typeof data === "object" &&
    data !== null &&
    (data as { code?: unknown }).code === OVER_CAPACITY &&
    typeof (data as { retryAfterS?: unknown }).retryAfterS === "number"
  );
}
