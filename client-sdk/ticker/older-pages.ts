import type { Subscription } from "../herald-client.js";

/**
 * Pages back, one page at a time and at most 20, until `found()` or nothing older is left; a
 * network failure ends it. `subscription` is null while the ticker subscribes.
 */
export async function loadUntil(subscription: Subscription | null, found: () => boolean): Promise<void> {
  try {
    for (let pages = 0; subscription?.hasOlder && !found() && pages < 20; pages++) {
      await subscription.loadOlder();
    }
  } catch {
    // The network failed: stay where we are.
  }
}

/**
 * Wires the "Load earlier updates" button: a press loads one page, with the button disabled
 * meanwhile, and hides it after when nothing older is left (unless the ticker is `gone()`).
 */
export function handleLoadEarlier(
  more: HTMLButtonElement,
  subscription: () => Subscription | null,
  gone: () => boolean,
): void {
  const loadEarlier = async () => {
    more.disabled = true;
    try {
      await subscription()?.loadOlder();
    } catch {
      // The network failed; the button stays for another try.
    } finally {
      more.disabled = false;
      if (!gone()) more.hidden = !subscription()?.hasOlder;
    }
  };
  more.addEventListener("click", () => void loadEarlier());
}
