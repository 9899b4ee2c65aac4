/** One browser bundle the server serves. */
export interface Bundle {
  code: string;
  /** The first 10 hex digits of the SHA-256 of `code`: names the immutable URL. */
  hash: string;
  /** Bytes after gzip -9, as a reader downloads it. */
  gzipBytes: number;
}

export interface WidgetBundles {
  /** `/sdk/herald.js`: the script-tag build (defines <live-ticker>, window.Herald). */
  script: Bundle;
  /** `/sdk/herald.mjs`: the same as an ES module (HeraldClient, createTicker, ...). */
  module: Bundle;
  /** `/editor/app.js`: the editor console. */
  console: Bundle;
}

export const BUNDLE_NAMES = [
  "script",
  "module",
  "console",
] as const satisfies readonly (keyof WidgetBundles)[];
