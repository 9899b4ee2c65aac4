/** Percentiles of a set of samples, in the samples' unit (milliseconds throughout the bench). */
export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export const EMPTY_SUMMARY: Summary = { count: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };

/** Nearest-rank percentile of an ascending array. */
function rank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

/** Sorts a copy (typed arrays sort numerically, and fast) and reads the percentiles. */
export function summarize(samples: ArrayLike<number>): Summary {
  if (samples.length === 0) return EMPTY_SUMMARY;
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    p50: rank(sorted, 50),
    p95: rank(sorted, 95),
    p99: rank(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** Joins the sample arrays several reader processes sent back. */
export function concatSamples(parts: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A Float32Array that grows: latency samples, millions per phase, without boxing numbers. */
export class SampleBuffer {
  #data = new Float32Array(4096);
  #length = 0;

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const bigger = new Float32Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.#length++] = value;
  }

  get length(): number {
    return this.#length;
  }

  /** A compact copy, to send to the parent process. */
  take(): Float32Array {
    return this.#data.slice(0, this.#length);
  }

  clear(): void {
    this.#length = 0;
  }
}
