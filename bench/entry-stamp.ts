// Every entry the bench posts carries its send time in its body, so a reader in another
// process can work out the end-to-end latency by itself (see clock.ts).

/** About a tweet's worth of text: what a live-blog entry looks like on the wire. */
const FILLER =
  "Officials confirmed the talks will resume at noon local time. Both delegations arrived " +
  "overnight; the mediators say a draft text is on the table and a statement is expected " +
  "before the evening news. More as we get it.";

const STAMP = /^t=(\d+(?:\.\d+)?) w=(\d+) /;

/**
 * `t=` is the monotonic send time (ms, µs precision), for the end-to-end figure; `w=` is the
 * wall clock (Date.now()), to line up with the server's own ISO times for the per-hop split.
 */
export function stampedBody(sentAt: number, wallMs: number): string {
  return `t=${sentAt.toFixed(3)} w=${wallMs} ${FILLER}`;
}

export function readStamp(body: string): { sentAt: number; wallMs: number } | null {
  const match = STAMP.exec(body);
  if (!match) return null;
  return { sentAt: Number(match[1]), wallMs: Number(match[2]) };
}

/**
 * The wall time (ms) at which the API made an entry id. Herald's ids are the base-36
 * millisecond time followed by 10 hex characters of randomness; the ceiling copies that.
 */
export function entryIdMs(id: string): number {
  return id.length > 10 ? parseInt(id.slice(0, -10), 36) : NaN;
}
