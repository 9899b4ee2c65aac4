import { expect } from "vitest";
import type { Reader } from "./reader.js";

/** Every reader holds exactly the seqs 1..n, once each, in order. */
export function expectExactlyOnceInOrder(readers: Reader[], n: number): void {
  const expected = Array.from({ length: n }, (_, i) => i + 1);
  for (const reader of readers) expect(reader.seqs()).toEqual(expected);
}

/** The ids of the entries a reader was shown being created, in the order shown. */
export function createdIds(reader: Reader): string[] {
  return reader.updates.flatMap((u) => (u.type === "entry.created" ? [u.entry.id] : []));
}
