import { nowMs, sleep } from "./clock.js";
import type { Editor, PostResult } from "./editor.js";

/**
 * One entry every `intervalMs`, on schedule whatever the answers take (an editor does not
 * wait for the last entry to reach readers before typing the next).
 */
export async function postPaced(
  editor: Editor,
  options: { count: number; intervalMs: number; articleFor: (i: number) => string },
): Promise<PostResult[]> {
  const start = nowMs();
  const posts: Promise<PostResult>[] = [];
  for (let i = 0; i < options.count; i++) {
    const due = start + i * options.intervalMs;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    posts.push(editor.post(options.articleFor(i)));
  }
  return Promise.all(posts);
}

/** As fast as the API takes them: `concurrency` posts in flight, the next sent as one is answered. */
export async function postBurst(
  editor: Editor,
  options: { count: number; concurrency: number; articleFor: (i: number) => string },
): Promise<PostResult[]> {
  const results: PostResult[] = [];
  let next = 0;
  const lane = async () => {
    while (next < options.count) results.push(await editor.post(options.articleFor(next++)));
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  return results;
}

/**
 * Entries offered and accepted (202) per second by an open loop, over the time they were
 * offered (one interval per entry), not the tail of the last answers.
 */
export function openLoopRates(
  results: PostResult[],
  rate: number,
): { offeredPerSec: number; acceptedPerSec: number } {
  const accepted = results.filter((p) => p.status === 202).length;
  const sent = results.map((p) => p.sentAt);
  const offeredSeconds = (Math.max(...sent) - Math.min(...sent)) / 1000 + 1 / rate;
  return { offeredPerSec: results.length / offeredSeconds, acceptedPerSec: accepted / offeredSeconds };
}

/**
 * An open-loop load: `rate` posts a second for `seconds`, sent on schedule in small batches
 * (timers cannot fire every 2 ms), whatever the answers take, up to `maxInFlight` waiting.
 * A post that would exceed it is skipped and counted: the API is not keeping up.
 */
export async function postOpenLoop(
  editor: Editor,
  options: { rate: number; seconds: number; maxInFlight: number; articleFor: (i: number) => string },
): Promise<{ results: PostResult[]; skipped: number; elapsedMs: number }> {
  const total = Math.round(options.rate * options.seconds);
  const start = nowMs();
  const posts: Promise<PostResult>[] = [];
  let inFlight = 0;
  let skipped = 0;
  for (let i = 0; i < total;) {
    const due = Math.min(total, Math.floor(((nowMs() - start) / 1000) * options.rate) + 1);
    for (; i < due; i++) {
      if (inFlight >= options.maxInFlight) {
        skipped++;
        continue;
      }
      inFlight++;
      posts.push(
        editor.post(options.articleFor(i)).finally(() => {
          inFlight--;
        }),
      );
    }
    await sleep(5);
  }
  const results = await Promise.all(posts);
  return { results, skipped, elapsedMs: nowMs() - start };
}

/** One entry every `intervalMs` until stopped; `results` fills as the answers come. */
export function postContinuously(
  editor: Editor,
  options: { intervalMs: number; articleFor: (i: number) => string },
): { results: PostResult[]; stop(): Promise<PostResult[]> } {
  const results: PostResult[] = [];
  const inFlight: Promise<void>[] = [];
  let stopped = false;
  const loop = (async () => {
    const start = nowMs();
    for (let i = 0; !stopped; i++) {
      const wait = start + i * options.intervalMs - nowMs();
      if (wait > 0) await sleep(wait);
      if (stopped) break;
      inFlight.push(editor.post(options.articleFor(i)).then((r) => void results.push(r)));
    }
  })();
  return {
    results,
    async stop() {
      stopped = true;
      await loop;
      await Promise.all(inFlight);
      return results;
    },
  };
}
