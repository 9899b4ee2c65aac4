import type { Update } from "../protocol/index.js";

/** Sends updates of one article and one epoch, in seq order; resolves once Redis took them. */
export type SendUpdates = (updates: Update[]) => Promise<void>;

interface Waiting {
  update: Update;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Window {
  timer: ReturnType<typeof setTimeout>;
  waiting: Waiting[];
}

/** Updates of one epoch, in seq order, a seq once (a retried job may publish its record twice). */
function batchesOf(waiting: Waiting[]): Update[][] {
  const byEpoch = new Map<string, Map<number, Update>>();
  for (const { update } of waiting) {
    let bySeq = byEpoch.get(update.epoch);
    if (!bySeq) byEpoch.set(update.epoch, (bySeq = new Map<number, Update>()));
    bySeq.set(update.seq, update);
  }
  return [...byEpoch.values()].map((bySeq) => [...bySeq.values()].sort((a, b) => a.seq - b.seq));
}

/**
 * Per-article batching with a leading edge: the first update after a quiet window goes out at
 * once, alone (a single entry is not delayed); updates that come within `windowMs` after it
 * wait and go out together when the window ends, which opens the next window. A window that
 * ends with nothing waiting closes, so the next update is a leading edge again. Each caller's
 * promise settles with its batch's send: a lost publish still fails every job in it, whose
 * retries publish again. `windowMs` 0 sends every update alone, at once.
 */
export function createBatchWindow(windowMs: number, send: SendUpdates): (update: Update) => Promise<void> {
  const windows = new Map<string, Window>();

  function open(articleId: string): Window {
    const window: Window = { timer: setTimeout(() => flush(articleId), windowMs), waiting: [] };
    windows.set(articleId, window);
    return window;
  }

  function flush(articleId: string): void {
    const window = windows.get(articleId);
    if (!window) return;
    const { waiting } = window;
    if (waiting.length === 0) {
      windows.delete(articleId);
      return;
    }
    open(articleId);
    const sent = Promise.all(batchesOf(waiting).map((updates) => send(updates)));
    sent.then(
      () => waiting.forEach((w) => w.resolve()),
      (err: unknown) => waiting.forEach((w) => w.reject(err)),
    );
  }

  return (update) => {
    if (windowMs <= 0) return send([update]);
    const window = windows.get(update.articleId);
    if (!window) {
      open(update.articleId);
      return send([update]);
    }
    return new Promise<void>((resolve, reject) => window.waiting.push({ update, resolve, reject }));
  };
}
