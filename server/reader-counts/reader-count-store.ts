import type { RedisClient } from "../../platform/redis.js";

/**
 * Where the reader counts of one article live: a hash with one field per server process
 * (`<count>:<writtenAtMs>:<expiresAtMs>`). The `{articleId}` hash tag puts it in the slot of
 * the article's other keys (article-log/keys.ts), and each command touches this one key, so
 * it works unchanged on a Redis Cluster. Nothing about a reader is stored, only counts.
 */
export function readerCountKey(prefix: string, articleId: string): string {
  return `${prefix}a:{${articleId}}:readers`;
}

/** A process's share stops counting this many intervals after its last write. */
export const SHARE_LIFETIME_INTERVALS = 3;

/**
 * Writes (or, for 0, removes) one process's share, drops the shares of processes that stopped
 * writing (crashed), and keeps the key for one lifetime after the last write of any process.
 * Times come from the caller's clock, not Redis TIME (which the servers' ACL does not grant):
 * clocks a few seconds apart shift when a dead process's share drops out, nothing more.
 */
const WRITE_SHARE = `
local now = tonumber(ARGV[3])
local lifetime = tonumber(ARGV[4])
if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. now .. ':' .. (now + lifetime))
else
  redis.call('HDEL', KEYS[1], ARGV[1])
end
local shares = redis.call('HGETALL', KEYS[1])
for i = 1, #shares, 2 do
  local expires = tonumber(string.match(shares[i + 1], ':(%d+)$'))
  if not expires or expires <= now then redis.call('HDEL', KEYS[1], shares[i]) end
end
if #shares > 0 then redis.call('PEXPIRE', KEYS[1], lifetime) end
return 1
`;

interface WriteCommand {
  heraldWriteReaderShare(
    key: string,
    serverId: string,
    count: number,
    now: number,
    lifetime: number,
  ): Promise<number>;
}

function withWriteCommand(redis: RedisClient): RedisClient & WriteCommand {
  const client = redis as RedisClient & Partial<WriteCommand>;
  if (!client.heraldWriteReaderShare) {
    redis.defineCommand("heraldWriteReaderShare", { numberOfKeys: 1, lua: WRITE_SHARE });
  }
  return client as RedisClient & WriteCommand;
}

export interface ShareWrite {
  prefix: string;
  serverId: string;
  intervalMs: number;
  /** Milliseconds since the epoch, on this process's clock. */
  now: number;
}

/** Writes this process's count of readers of `articleId`; 0 removes its share. */
export async function writeReaderShare(
  redis: RedisClient,
  articleId: string,
  count: number,
  write: ShareWrite,
): Promise<void> {
  await withWriteCommand(redis).heraldWriteReaderShare(
    readerCountKey(write.prefix, articleId),
    write.serverId,
    count,
    write.now,
    write.intervalMs * SHARE_LIFETIME_INTERVALS,
  );
}

/** "N reading now": the sum of the live processes' shares, and when the newest was written. */
export interface ReaderCount {
  now: number;
  /** Milliseconds since the epoch; null when no process has readers to report. */
  writtenAt: number | null;
}

/** Sums the shares not yet expired at `now` (a crashed process's until it is pruned). */
export async function readReaderCount(
  redis: RedisClient,
  prefix: string,
  articleId: string,
  now: number,
): Promise<ReaderCount> {
  const shares = await redis.hgetall(readerCountKey(prefix, articleId));
  let total = 0;
  let writtenAt: number | null = null;
  for (const value of Object.values(shares)) {
    const [count, written, expires] = value.split(":").map(Number);
    if (count === undefined || written === undefined || expires === undefined) continue;
    if (!(expires > now) || !Number.isFinite(count) || count < 0) continue;
    total += count;
    writtenAt = Math.max(writtenAt ?? 0, written);
  }
  return { now: total, writtenAt };
}
