/**
 * The ticker's own styles, inside its shadow root: the page's CSS does not reach in, and
 * these do not leak out. Sites theme it with the custom properties below and `::part()`.
 * Sides are logical (`inline-start`, not `left`), so a right-to-left ticker mirrors.
 */
export const TICKER_CSS = `
:host {
  --herald-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --herald-text: #1d1d1f;
  --herald-muted: #6b6b70;
  --herald-bg: #ffffff;
  --herald-accent: #c8102e;
  --herald-border: #e3e3e6;
  --herald-key-event: #fff4d6;
  --herald-pinned: #eef4ff;
  --herald-radius: 8px;
  --herald-gap: 12px;
  display: block;
  font-family: var(--herald-font);
  color: var(--herald-text);
  background: var(--herald-bg);
  line-height: 1.5;
  container-type: inline-size;
}
* { box-sizing: border-box; }
/* The page's text-align: left would pin an Arabic ticker to the wrong side. */
.ticker { text-align: start; }
/* Class rules below set display; the hidden attribute must still win. */
[hidden] { display: none !important; }
.bar { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 4px 0 8px; font-size: .85em; color: var(--herald-muted); }
.title { font-weight: 700; font-size: 1.1em; color: var(--herald-text); margin: 0; }
.status { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
.readers { margin-inline-start: auto; white-space: nowrap; }
.status::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--herald-muted); }
.status[data-state="live"]::before { background: var(--herald-accent); }
.ended { padding: 8px 12px; margin-bottom: var(--herald-gap); border-radius: var(--herald-radius); background: var(--herald-border); font-weight: 600; }
.keys { margin: 0 0 var(--herald-gap); padding: 8px 12px; border: 1px solid var(--herald-border); border-radius: var(--herald-radius); font-size: .9em; }
.keys h3 { margin: 0 0 4px; font-size: .85em; text-transform: uppercase; letter-spacing: .04em; color: var(--herald-muted); }
/* Compact: a day with many key events must not push the feed off the first screen. */
.keys ul { margin: 0; padding-inline-start: 1.2em; max-height: 7.5em; overflow-y: auto; }
.keys a { color: inherit; }
/* Zero height in the flow: the button showing up must not push the entries down. */
.new-wrap { position: sticky; top: 8px; z-index: 1; height: 0; display: flex; justify-content: center; }
.new { padding: 6px 14px; border: 0; border-radius: 999px; background: var(--herald-accent); color: #fff; font: inherit; font-weight: 600; cursor: pointer; box-shadow: 0 2px 8px rgb(0 0 0 / .2); }
.feed { display: flex; flex-direction: column; gap: var(--herald-gap); }
.entry { padding: 12px 14px; border: 1px solid var(--herald-border); border-radius: var(--herald-radius); background: var(--herald-bg); }
.entry:focus { outline: none; }
.entry:focus-visible { outline: 2px solid var(--herald-accent); outline-offset: 2px; }
.entry.pinned { background: var(--herald-pinned); }
.entry.key { border-inline-start: 4px solid var(--herald-accent); background: var(--herald-key-event); }
.entry.fresh { animation: herald-fresh 1.2s ease-out; }
@keyframes herald-fresh { from { box-shadow: 0 0 0 3px var(--herald-accent); } to { box-shadow: 0 0 0 0 transparent; } }
@media (prefers-reduced-motion: reduce) { .entry.fresh { animation: none; } }
.meta { display: flex; flex-wrap: wrap; gap: 4px 10px; font-size: .8em; color: var(--herald-muted); margin-bottom: 4px; }
.badge { font-weight: 700; color: var(--herald-accent); text-transform: uppercase; letter-spacing: .04em; }
/* Spacing letters apart breaks the joined letters of Arabic script (and Hebrew has no capitals to space). */
[dir="rtl"] .badge, [dir="rtl"] .keys h3 { letter-spacing: 0; }
.entry-title { margin: 0 0 4px; font-size: 1.05em; }
.body :first-child { margin-top: 0; }
.body :last-child { margin-bottom: 0; }
.body img { max-width: 100%; height: auto; }
.body a { color: var(--herald-accent); }
.corrections { margin: 6px 0 0; padding: 0; list-style: none; font-size: .85em; color: var(--herald-muted); }
figure { margin: 8px 0 0; } figure img { max-width: 100%; height: auto; }
figcaption, .embed p { font-size: .8em; color: var(--herald-muted); margin: 4px 0; }
.embed { margin-top: 8px; padding: 8px 12px; border: 1px solid var(--herald-border); border-radius: var(--herald-radius); }
.embed a { display: block; overflow-wrap: anywhere; color: inherit; }
.embed button { font: inherit; }
iframe { display: block; width: 100%; height: 480px; margin-top: 8px; border: 0; }
iframe.youtube { height: auto; aspect-ratio: 16 / 9; }
.body blockquote { margin: 8px 0; padding-inline-start: 12px; border-inline-start: 3px solid var(--herald-border); color: var(--herald-muted); }
.more { display: block; margin: var(--herald-gap) auto 0; padding: 6px 14px; border: 1px solid var(--herald-border); border-radius: var(--herald-radius); background: transparent; color: inherit; font: inherit; cursor: pointer; }
.empty { color: var(--herald-muted); font-style: italic; }
.since { margin-bottom: var(--herald-gap); padding: 8px 12px; background: var(--herald-pinned); }
.jump, .share { padding: 0; border: 0; background: none; color: var(--herald-accent); font: inherit; text-decoration: underline; cursor: pointer; }
.share { margin-inline-start: auto; }
.left-off { display: flex; gap: 8px; color: var(--herald-accent); font-size: .8em; font-weight: 700; }
.left-off::before, .left-off::after { content: ""; flex: 1; margin-top: .7em; border-top: 2px solid; }
.target { box-shadow: 0 0 0 3px var(--herald-accent); }
/* Stays in view at the bottom of a long ticker. */
.toast { position: sticky; bottom: 9px; width: fit-content; margin: auto; padding: 4px 12px; background: var(--herald-text); color: var(--herald-bg); }
.toast:empty { padding: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
