import type { Entry } from "../types.js";

/** Writes are coalesced: a burst of renders costs one write. */
const WRITE_AFTER_MS = 1_000;

/** The page's localStorage, or null where touching it throws (sandboxed iframes, some private modes). */
function storage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

/**
 * "Since your last visit", kept in the reader's own browser only: the mark lives in
 * localStorage under a key naming the server's origin and the article, and no request ever
 * carries it. Every access is guarded: without storage the ticker simply shows nothing.
 *
 * The mark is where the reader left off, `"<seq> <time>"`: the highest seq among the entries
 * shown, and the newest `publishedAt` among them. An entry's seq is that of its last change,
 * so a correction gives an old entry a new seq; the time tells it apart from a new entry.
 */
export class LastVisit {
  private readonly key: string;
  /** The mark this page found when it opened (an empty time: a first visit); fixed for the page's life. */
  private readonly seq: number;
  private readonly at: string;
  /** The mark to write. */
  private mark = "";
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly flush = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      if (this.mark) storage()?.setItem(this.key, this.mark);
    } catch {
      // Full, or refused: the next visit starts afresh.
    }
  };

  constructor(server: string, article: string) {
    this.key = `herald:last-visit:${server.replace(/\/+$/, "")}:${article}`;
    let mark = "";
    try {
      mark = storage()?.getItem(this.key) ?? "";
    } catch {
      // Refused: a first visit, as far as the ticker can tell.
    }
    const [seq = "", at = ""] = mark.split(" ");
    this.seq = Number(seq) || 0;
    this.at = this.seq ? at : "";
    if (this.at) this.mark = mark;
    addEventListener("pagehide", this.flush);
  }

  /** True for an entry published since the reader's last visit (a corrected old one is not). */
  isNew(entry: Entry): boolean {
    return this.at !== "" && entry.seq > this.seq && entry.publishedAt > this.at;
  }

  /**
   * Over `entries` in display order: how many are new since the last visit, and the first
   * entry (pinned ones aside) the reader had already seen, if it is among them.
   */
  leftOff(entries: Entry[]): { count: number; id: string | undefined } {
    const count = entries.filter((entry) => this.isNew(entry)).length;
    return { count, id: entries.find((entry) => !entry.pinned && !this.isNew(entry))?.id };
  }

  /** Records that these entries were shown; written soon after, and when the page goes away. */
  shown(entries: Entry[]): void {
    let [seq, at] = [0, ""];
    for (const entry of entries) {
      seq = Math.max(seq, entry.seq);
      if (entry.publishedAt > at) at = entry.publishedAt;
    }
    const [before = 0, atBefore = ""] = this.mark.split(" ");
    const mark = `${Math.max(seq, Number(before))} ${at > atBefore ? at : atBefore}`;
    if (seq === 0 || mark === this.mark) return;
    this.mark = mark;
    this.timer ??= setTimeout(this.flush, WRITE_AFTER_MS);
  }

  stop(): void {
    this.flush();
    removeEventListener("pagehide", this.flush);
  }
}
