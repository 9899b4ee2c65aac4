import { TICKER_CSS } from "./styles.js";
import type { TickerLabels } from "./labels.js";

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

export function buildView(root: ShadowRoot, labels: TickerLabels): TickerView {
  const style = document.createElement("style");
  style.textContent = TICKER_CSS;
  const bar = part("div", "bar", "header");
  const title = part("h2", "title", "title");
  const status = part("span", "status", "status");
  status.setAttribute("role", "status");
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
  root.append(style, bar, ended, keys, newWrap, feed, empty, more, live);
  return { title, status, ended, keys, keyList, newButton, feed, empty, more, live };
}
