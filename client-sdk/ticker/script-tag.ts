// The script-tag build (`/sdk/herald.js`): defines <live-ticker>, upgrades every
// [data-live-ticker] element now and as they appear, and exposes window.Herald.
import { HeraldClient } from "../herald-client.js";
import { createTicker, defineLiveTicker, mountTickers } from "./index.js";

const script = document.currentScript as HTMLScriptElement | null;
const origin = script?.src ? new URL(script.src).origin : undefined;

defineLiveTicker(origin);
const mount = () => mountTickers(document, origin);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount, { once: true });
else mount();
new MutationObserver(mount).observe(document.documentElement, { childList: true, subtree: true });

Object.assign(window, { Herald: { HeraldClient, createTicker, mountTickers } });
