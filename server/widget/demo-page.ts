import { escapeHtml } from "./html-text.js";

const json = (value: unknown) => `'${JSON.stringify(value)}'`;

/**
 * The page `npm start` points newcomers to: the ticker as an embedding site shows it, and,
 * below it, the two commands that make it move and the two lines that embed it elsewhere.
 */
export function demoPage(articleId: string, origin: string): string {
  const id = escapeHtml(articleId);
  // One option a line: the commands fit the box without scrolling sideways.
  const auth = `  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json"`;
  const commands = [
    `curl -X PUT ${origin}/v1/articles/${articleId} \\`,
    `${auth} \\`,
    `  -d ${json({ title: "Demo live blog" })}`,
    `curl -X POST ${origin}/v1/articles/${articleId}/entries \\`,
    `${auth} \\`,
    `  -d ${json({ body: "**Breaking:** talks resume at noon", keyEvent: true })}`,
  ].join("\n");
  const embed = `<script async src="${origin}/sdk/herald.js"></script>\n<live-ticker server="${origin}" article="${articleId}"></live-ticker>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald demo: ${id}</title>
<link rel="stylesheet" href="/demo/demo.css">
</head>
<body>
<header><div class="wrap"><h1>Herald demo</h1><p>The live ticker for <code>${id}</code>, as readers of an embedding site see it.</p></div></header>
<main class="wrap card">
<live-ticker article="${id}"></live-ticker>
</main>
<aside class="wrap help">
<h2>Make it move</h2>
<p>With the editor token <code>npm start</code> printed in <code>TOKEN</code>, create the article, then post:</p>
<pre><code>${escapeHtml(commands)}</code></pre>
<h2>Embed it</h2>
<p>On any page, any origin (<a href="/docs">API</a>, <code>docs/widget.md</code> for theming):</p>
<pre><code>${escapeHtml(embed)}</code></pre>
</aside>
<script async src="/sdk/herald.js"></script>
</body>
</html>
`;
}

/** The demo page's stylesheet, a file of its own so the server's CSP needs no inline styles. */
export const DEMO_CSS = `body { margin: 0; font-family: system-ui, sans-serif; background: #f4f4f6; color: #1d1d1f; }
.wrap { max-width: 720px; margin: 0 auto; padding: 0 20px; }
header { padding: 18px 0 16px; background: #1d1d1f; color: #fff; }
header h1 { margin: 0 0 4px; font-size: 1.3em; }
header p { margin: 0; opacity: .85; }
header code { font-size: .95em; }
.card { margin-top: 24px; padding-top: 16px; padding-bottom: 16px; background: #fff; border-radius: 12px; box-shadow: 0 1px 4px rgb(0 0 0 / .08); }
.help { margin-top: 28px; margin-bottom: 40px; font-size: .92em; color: #444; }
.help h2 { font-size: 1em; margin: 20px 0 6px; color: #1d1d1f; }
.help p { margin: 0 0 8px; }
.help pre { margin: 0; padding: 10px 12px; overflow-x: auto; background: #fff; border: 1px solid #e3e3e6; border-radius: 8px; font-size: .88em; line-height: 1.45; }
.help a { color: inherit; }
`;
