import type { TickerLabels } from "./labels.js";

/** At most this many entries are read out one by one; a larger batch is one summary. */
const ONE_BY_ONE = 3;
/** Old announcements are removed so the region does not grow; removals are not read out. */
const KEEP = 5;

/**
 * Announces new entries through a polite live region that never takes focus. Each entry is
 * added as a new node (replacing the text would drop all but the last of a quick burst);
 * a catch-up after a reconnect, which delivers many entries at once, becomes one sentence
 * ("12 new updates") instead of twelve.
 */
export class Announcer {
  readonly #queue: string[] = [];
  #scheduled = false;
  #stopped = false;

  constructor(
    private readonly region: HTMLElement,
    private readonly labels: Pick<TickerLabels, "announce" | "newUpdates">,
  ) {}

  /** Queues one new entry's title or text; the batch is read out after the current task. */
  entry(text: string): void {
    this.#queue.push(text);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Updates caught up from the log are applied in one synchronous loop: a microtask sees them all.
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#stopped) return;
    const batch = this.#queue.splice(0);
    const lines =
      batch.length <= ONE_BY_ONE
        ? batch.map((text) => this.labels.announce(text))
        : [this.labels.newUpdates(batch.length)];
    for (const line of lines) {
      const node = document.createElement("p");
      node.textContent = line;
      this.region.append(node);
    }
    while (this.region.childElementCount > KEEP) this.region.firstElementChild?.remove();
  }

  stop(): void {
    this.#stopped = true;
    this.#queue.length = 0;
  }
}
