import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium, headless, with nothing that reaches outside this machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** A site on another origin (its own port) that serves the pages a test gives it. */
export async function startHostSite(
  pages: Record<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const page = pages[req.url ?? "/"];
    if (page === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A plain page embedding the ticker the way the README tells sites to. */
export function embeddingPage(
  serverUrl: string,
  tickers: string,
  options: { before?: string | undefined; after?: string | undefined } = {},
): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A news site</title>
<style>body { font-family: serif; margin: 0 auto; max-width: 760px; } p { color: green; } .entry { display: none; }</style>
</head><body>
${options.before ?? ""}
${tickers}
${options.after ?? ""}
<script async src="${serverUrl}/sdk/herald.js"></script>
</body></html>`;
}
