/**
 * A per-socket event budget over one-second windows: `ok` within `perSecond`, `refused`
 * beyond it, `flood` past five times it (the caller disconnects). In memory: a socket
 * lives on one process.
 */
export function createEventBudget(perSecond: number): { spend(): "ok" | "refused" | "flood" } {
  let windowStart = Date.now();
  let spent = 0;
  return {
    spend() {
      const now = Date.now();
      if (now - windowStart >= 1_000) {
        windowStart = now;
        spent = 0;
      }
      spent++;
      if (spent <= perSecond) return "ok";
      return spent > perSecond * 5 ? "flood" : "refused";
    },
  };
}
