// Reading a ticker the way a reader sees it: from its shadow DOM, in display order.
import type { Page } from "playwright-core";
import { patient } from "../helpers/patience.js";

export interface ShownEntry {
  id: string;
  title: string;
  text: string;
  time: string;
  author: string;
  updated: boolean;
  pinned: boolean;
  keyEvent: boolean;
}

/** The entries a ticker shows, top to bottom. */
export function shown(page: Page, selector = "live-ticker"): Promise<ShownEntry[]> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel)?.shadowRoot;
    return [...(root?.querySelectorAll<HTMLElement>(".feed .entry") ?? [])].map((el) => ({
      id: el.dataset.entryId ?? "",
      title: el.querySelector(".entry-title")?.textContent ?? "",
      text: el.querySelector(".body")?.textContent?.trim() ?? "",
      time: el.querySelector(".time")?.textContent ?? "",
      author: el.querySelector(".author")?.textContent ?? "",
      updated: el.querySelector(".updated") !== null,
      pinned: el.classList.contains("pinned"),
      keyEvent: el.classList.contains("key"),
    }));
  }, selector);
}

/** The text of the first element matching `css` in the ticker's shadow root (null if none, or hidden). */
export function visibleText(page: Page, css: string, selector = "live-ticker"): Promise<string | null> {
  return page.evaluate(
    ([sel, inner]) => {
      const el = document.querySelector(sel!)?.shadowRoot?.querySelector<HTMLElement>(inner!);
      return el && el.offsetParent !== null ? (el.textContent ?? "") : null;
    },
    [selector, css],
  );
}

/** Waits until the ticker shows `count` entries. */
export async function waitForCount(page: Page, count: number, selector = "live-ticker", timeout = 5_000) {
  await page.waitForFunction(
    ([sel, n]) => document.querySelector(sel)?.shadowRoot?.querySelectorAll(".feed .entry").length === n,
    [selector, count] as const,
    { timeout: patient(timeout) },
  );
}

/** Waits until the ticker shows the entry `id` (or, with `present: false`, no longer does). */
export async function waitForEntry(
  page: Page,
  id: string,
  options: { present?: boolean; timeout?: number; selector?: string } = {},
) {
  await page.waitForFunction(
    ([sel, entryId, present]) =>
      !!document.querySelector(sel)?.shadowRoot?.querySelector(`.feed [data-entry-id="${entryId}"]`) ===
      present,
    [options.selector ?? "live-ticker", id, options.present ?? true] as const,
    { timeout: patient(options.timeout ?? 5_000) },
  );
}

/** Waits until the ticker's connection state reads `state` ("Live", "Reconnecting…"). */
export async function waitForState(page: Page, state: string, selector = "live-ticker", timeout = 10_000) {
  await page.waitForFunction(
    ([sel, text]) => document.querySelector(sel!)?.shadowRoot?.querySelector(".status")?.textContent === text,
    [selector, state],
    { timeout: patient(timeout) },
  );
}

/** What the polite live region has said so far, oldest first (it keeps the last few). */
export function announcements(page: Page, selector = "live-ticker"): Promise<string[]> {
  return page.evaluate((sel) => {
    const region = document.querySelector(sel)?.shadowRoot?.querySelector("[aria-live]");
    return [...(region?.children ?? [])].map((p) => p.textContent ?? "");
  }, selector);
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
