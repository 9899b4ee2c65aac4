/**
 * Progress on stderr while the bench runs: one status line rewritten in place on a terminal,
 * or a line every few seconds when stderr is a file or a pipe (CI, the smoke test).
 */
export class Progress {
  #last = "";
  #lastPrintedAt = 0;
  readonly #tty = process.stderr.isTTY;

  status(text: string): void {
    if (text === this.#last) return;
    this.#last = text;
    if (this.#tty) {
      process.stderr.write(`\r\x1b[K${text.slice(0, (process.stderr.columns || 120) - 1)}`);
    } else if (Date.now() - this.#lastPrintedAt > 3_000) {
      this.#lastPrintedAt = Date.now();
      process.stderr.write(`${text}\n`);
    }
  }

  line(text: string): void {
    if (this.#tty) process.stderr.write("\r\x1b[K");
    process.stderr.write(`${text}\n`);
    this.#last = "";
  }
}
