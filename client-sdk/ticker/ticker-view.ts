import { TICKER_CSS } from "./styles.js";
import type { TickerLabels } from "./labels.js";
import type { ReaderLanguage } from "./reader-language.js";

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
  /** Everything else, inside: carries the ticker's `lang` and `dir`. */
  root: HTMLElement;
  title: HTMLElement;
  status: HTMLElement;
  ended: HTMLElement;
  keys: HTMLElement;
  keysHeading: HTMLElement;
  keyList: HTMLUListElement;
  newButton: HTMLButtonElement;
  feed: HTMLElement;
  empty: HTMLElement;
  more: HTMLButtonElement;
  live: HTMLElement;
  /** "N updates since your last visit", with its jump button. */
  since: HTMLElement;
  sinceText: HTMLElement;
  jumpButton: HTMLButtonElement;
  /** "You left off here": moved into the first entry the reader had already seen. */
  leftOff: HTMLElement;
  /** Brief notes ("Link copied"), shown and read out politely. */
  toast: HTMLElement;
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

/**
 * Builds the ticker's fixed parts into `shadow`, styled, with the texts of `labels`, inside
 * one root element in the ticker's language and direction: a right-to-left language lays the
 * ticker out right to left even on a page that sets no `dir`.
 */
export function buildView(shadow: ShadowRoot, labels: TickerLabels, language: ReaderLanguage): TickerView {
  applyStyles(shadow);
  const root = part("div", "ticker", "root");
  root.lang = language.locale;
  root.dir = language.dir;
  const bar = part("div", "bar", "header");
  const title = part("h2", "title", "title");
  // Not a live region: a flaky mobile connection would have screen readers say "Reconnecting…,
  // Live" over and over. The state is there to read; new entries are what is announced.
  const status = part("span", "status", "status");
  bar.append(title, status);
  const ended = part("div", "ended", "ended");
  ended.hidden = true;
  const keys = part("nav", "keys", "key-events");
  const keysHeading = part("h3", "");
  const keyList = part("ul", "");
  keys.append(keysHeading, keyList);
  keys.hidden = true;
  const newButton = part("button", "new", "new-updates-button");
  newButton.type = "button";
  newButton.hidden = true;
  const feed = part("div", "feed", "feed");
  feed.setAttribute("role", "feed");
  feed.setAttribute("aria-busy", "true");
  const empty = part("p", "empty", "empty");
  empty.hidden = true;
  const more = part("button", "more", "load-earlier");
  more.type = "button";
  more.hidden = true;
  // Announcements only: polite, never focused, separate from the feed so it is not re-read.
  const live = part("div", "sr-only");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "false");
  const newWrap = part("div", "new-wrap");
  newWrap.append(newButton);
  const since = part("div", "since", "last-visit");
  const sinceText = part("span", "");
  const jumpButton = part("button", "jump");
  jumpButton.type = "button";
  since.append(sinceText, " ", jumpButton);
  since.hidden = true;
  const leftOff = part("div", "left-off", "left-off");
  leftOff.setAttribute("role", "note");
  const toast = part("div", "toast", "toast");
  toast.setAttribute("role", "status");
  root.append(bar, ended, keys, since, newWrap, feed, empty, more, toast, live);
  shadow.append(root);
  const view = {
    root,
    title,
    status,
    ended,
    keys,
    keysHeading,
    keyList,
    newButton,
    feed,
    empty,
    more,
    live,
    since,
    sinceText,
    jumpButton,
    leftOff,
    toast,
  };
  labelView(view, labels);
  return view;
}

/** Writes the texts of the fixed parts (again, when a catalogue for the ticker's language arrives). */
export function labelView(view: TickerView, labels: TickerLabels): void {
  view.ended.textContent = labels.ended;
  view.keys.setAttribute("aria-label", labels.keyEvents);
  view.keysHeading.textContent = labels.keyEvents;
  view.feed.setAttribute("aria-label", labels.feed);
  view.more.textContent = labels.loadEarlier;
  view.jumpButton.textContent = labels.jumpToLastVisit;
  view.leftOff.textContent = labels.leftOffHere;
}
