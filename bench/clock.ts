/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC via process.hrtime). Unlike
 * `performance.now()`, whose zero is each process's own start, this clock is the same in
 * every process on the machine, so the editor can stamp an entry with its send time and a
 * reader in another process can subtract it from its own arrival time, to the microsecond.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
