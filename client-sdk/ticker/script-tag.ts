// The script-tag build (`/sdk/herald.js`): defines <live-ticker>, starts a ticker in every
// [data-live-ticker] element now and as they appear (and stops those that go), and exposes
// window.Herald for pages that start tickers themselves.
import { HeraldClient } from "../herald-client.js";
import { registerTickerLanguage } from "./languages.js";
import { defineLiveTicker, mountTickers, unmountDetachedTickers } from "./live-ticker-element.js";
import { createTicker } from "./ticker.js";

declare global {
  interface Window {
    /** Set by `/sdk/herald.js`. */
    Herald?: {
      HeraldClient: typeof HeraldClient;
      createTicker: typeof createTicker;
      /** Tickers already on the page take a language registered later at once. */
      registerTickerLanguage: typeof registerTickerLanguage;
    };
  }
}

// A page that includes the script twice (a CMS block and a template, say) must not get two
// tickers fighting over one element: the first copy wins. The mark is a registered symbol,
// not `window.Herald`, which a site called "The Herald" may well use for its own code.
const LOADED = Symbol.for("herald.sdk.loaded");
const marks = window as unknown as Record<symbol, true | undefined>;

if (!marks[LOADED]) {
  marks[LOADED] = true;
  // `currentScript` is set while an async classic script runs, which is how sites include this.
  const script = document.currentScript;
  const origin = script instanceof HTMLScriptElement && script.src ? new URL(script.src).origin : undefined;

  window.Herald ??= { HeraldClient, createTicker, registerTickerLanguage };
  defineLiveTicker(origin);
  const mount = () => mountTickers(document, origin);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount, { once: true });
  else mount();
  new MutationObserver(() => {
    mount();
    unmountDetachedTickers();
  }).observe(document.documentElement, { childList: true, subtree: true });
}
