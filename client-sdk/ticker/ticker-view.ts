import { TICKER_CSS } from "./styles.js";
import type { TickerLabels } from "./labels.js";

let sharedSheet: CSSStyleSheet | null | undefined;

/**
 * Puts the ticker's CSS into `root`: a constructed stylesheet where the browser has them,
 * because sites whose Content-Security-Policy has no `'unsafe-inline'` in `style-src` block
 * a `<style>` element but not these (and one sheet serves every ticker on the page).
 */
function applyStyles(root: ShadowRoot): void {
  if (sharedSheet === undefined) {
    try {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(TICKER_CSS);
    } catch {
      sharedSheet = null; // Safari before 16.4
    }
  }
  if (sharedSheet) {
    try {
      root.adoptedStyleSheets = [sharedSheet];
      return;
    } catch {
      // A sheet made by another document (the element lives in an iframe): use <style>.
    }
  }
  const style = document.createElement("style");
  style.textContent = TICKER_CSS;
  root.append(style);
}

/** The fixed parts of a ticker's shadow DOM, made once. */
export interface TickerView {
  title: HTMLElement;
  status: HTMLElement;
  ended: HTMLElement;
  keys: HTMLElement;
  keyList: HTMLUListElement;
  newButton: HTMLButtonElement;
  feed: HTMLElement;
  empty: HTMLElement;
  more: HTMLButtonElement;
  live: HTMLElement;
}

function part<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  partName?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (partName) node.setAttribute("part", partName);
  return node;
}

/** Builds the ticker's fixed parts into `root`, styled, with the texts of `labels`. */
export function buildView(root: ShadowRoot, labels: TickerLabels): TickerView {
  applyStyles(root);
  const bar = part("div", "bar", "header");
  const title = part("h2", "title", "title");
  // Not a live region: a flaky mobile connection would have screen readers say "Reconnecting…,
  // Live" over and over. The state is there to read; new entries are what is announced.
  const status = part("span", "status", "status");
  bar.append(title, status);
  const ended = part("div", "ended", "ended");
  ended.textContent = labels.ended;
  ended.hidden = true;
  const keys = part("nav", "keys", "key-events");
  keys.setAttribute("aria-label", labels.keyEvents);
  const keysHeading = part("h3", "");
  keysHeading.textContent = labels.keyEvents;
  const keyList = part("ul", "");
  keys.append(keysHeading, keyList);
  keys.hidden = true;
  const newButton = part("button", "new", "new-updates-button");
  newButton.type = "button";
  newButton.hidden = true;
  const feed = part("div", "feed", "feed");
  feed.setAttribute("role", "feed");
  feed.setAttribute("aria-label", labels.feed);
  feed.setAttribute("aria-busy", "true");
  const empty = part("p", "empty", "empty");
  empty.hidden = true;
  const more = part("button", "more", "load-earlier");
  more.type = "button";
  more.textContent = labels.loadEarlier;
  more.hidden = true;
  // Announcements only: polite, never focused, separate from the feed so it is not re-read.
  const live = part("div", "sr-only");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "false");
  const newWrap = part("div", "new-wrap");
  newWrap.append(newButton);
  root.append(bar, ended, keys, newWrap, feed, empty, more, live);
  return { title, status, ended, keys, keyList, newButton, feed, empty, more, live };
}
