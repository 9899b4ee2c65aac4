import { useState } from "react";

/** Plain objects and arrays compare by content; anything else (functions too) by identity. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.hasOwn(recordB, key) && sameValue(recordA[key], recordB[key]));
}

/**
 * `value` as it was on an earlier render while its content is the same, so an object literal
 * in JSX (`labels={{ live: "Live" }}`) does not restart an effect on every render. Keeps it
 * in state (React's "information from previous renders" pattern), not in a ref written while
 * rendering.
 */
export function useStableValue<T>(value: T): T {
  const [stable, setStable] = useState(value);
  if (sameValue(stable, value)) return stable;
  setStable(value);
  return value;
}
