// @herald/client as an embedding site gets it: `npm pack` (its prepack builds dist/), the
// tarball installed into a project outside the repository, then the three things a site does
// with it: type-check against it, run it in Node, and bundle it into a page with Vite.
import { execFile, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./helpers/browser.js";
import { patient } from "./helpers/patience.js";
import { startStack, type Stack } from "./helpers/stack.js";
import { shown, waitForCount, waitForState } from "./browser/ticker-page.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const VITE = join(ROOT, "node_modules/vite/bin/vite.js");
const repoVersion = (name: string) =>
  (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string })
    .version;

/** The environment without `npm test`'s own npm_* settings, which would steer the npm run here. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

/** Runs a command to its end without blocking this process (the stack runs in it). */
async function run(command: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(command, args, {
      cwd,
      env: ENV,
      timeout: patient(60_000),
      maxBuffer: 32 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
}

const CONSUMER_TS = `import { HeraldClient, type ConnectionState, type Entry } from "@herald/client";
import { createTicker, type TickerHandle } from "@herald/client/ticker";

const client = new HeraldClient({ url: "https://live.example.com" });
const titles: (string | undefined)[] = [];
client.subscribe("peace-talks", {
  onEntries(entries: Entry[]) {
    titles.push(...entries.map((e) => e.title));
    const html: string | undefined = entries[0]?.html;
    void html;
  },
  onUpdate(update) {
    if (update.type !== "article.updated") titles.push(update.entry.title);
  },
  onState(state: ConnectionState, context) {
    console.log(state, context.transport, context.article?.status);
  },
});
const ticker: TickerHandle = createTicker(document.createElement("div"), {
  server: "https://live.example.com",
  article: "peace-talks",
});
ticker.destroy();
client.close();
`;

const CONSUMER_TSX = `import { LiveTicker, useLiveArticle } from "@herald/client/react";

export function LiveBlog({ id }: { id: string }) {
  const { entries, state, article } = useLiveArticle(id, { url: "https://live.example.com" });
  return (
    <section aria-busy={state === "connecting"}>
      <h2>{article?.title}</h2>
      {entries.map((e) => <article key={e.id} dangerouslySetInnerHTML={{ __html: e.html }} />)}
      <LiveTicker article={id} url="https://live.example.com" />
    </section>
  );
}
`;

/** Follows an article with the headless client and prints the first entry created, as JSON. */
const CONSUMER_MJS = `import { HeraldClient } from "@herald/client";

const [url, articleId] = process.argv.slice(2);
const client = new HeraldClient({ url, fallback: false });
client.subscribe(articleId, {
  onState(state, context) {
    console.log(JSON.stringify({ state, transport: context.transport }));
  },
  onUpdate(update) {
    if (update.type !== "entry.created") return;
    console.log(JSON.stringify({ entry: update.entry }));
    client.close();
  },
  onError(error) {
    console.log(JSON.stringify({ error }));
    client.close();
    process.exitCode = 1;
  },
});
`;

const PAGE_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>A news site</title></head>
  <body>
    <div id="ticker"></div>
    <script type="module" src="./main.js"></script>
  </body>
</html>
`;

const PAGE_JS = `import { createTicker } from "@herald/client/ticker";

const params = new URLSearchParams(location.search);
createTicker(document.getElementById("ticker"), {
  server: params.get("server"),
  article: params.get("article"),
});
`;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** A static site on its own origin: the page Vite built. */
async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = join(dir, path === "/" ? "index.html" : path);
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => !f.includes("node_modules"));
}

describe("@herald/client from npm pack, installed outside the repository", () => {
  let stack: Stack;
  let scratch: string;
  let packed: string[];
  let installed: string;
  let browser: Browser | undefined;
  const hasReact = () => existsSync(join(installed, "dist/react/index.js"));

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "herald-consumer-"));
    const [, pack] = await Promise.all([
      startStack().then((s) => (stack = s)),
      // prepack builds dist/ (bin/build-client-package.ts): this is the package's build.
      run("npm", ["pack", "-w", "client-sdk", "--pack-destination", scratch, "--json"], ROOT),
    ]);
    const [result] = JSON.parse(pack) as { filename: string; files: { path: string }[] }[];
    packed = result!.files.map((f) => f.path);
    writeFileSync(
      join(scratch, "package.json"),
      `${JSON.stringify({ name: "a-news-site", private: true, type: "module" }, null, 2)}\n`,
    );
    // React and its types are the site's (an optional peer); the versions the repository
    // holds, so they come from npm's cache.
    await run(
      "npm",
      [
        "install",
        join(scratch, result!.filename),
        `react@${repoVersion("react")}`,
        `@types/react@${repoVersion("@types/react")}`,
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
      ],
      scratch,
    );
    installed = join(scratch, "node_modules/@herald/client");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("packs the built entries, their types and the script-tag bundle, and nothing of the repository", () => {
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
      exports: Record<string, string | Record<string, string>>;
      dependencies: Record<string, string>;
    };
    // Every file each export names is in the tarball.
    const targets = Object.values(manifest.exports).flatMap((t) =>
      typeof t === "string" ? [t] : Object.values(t),
    );
    for (const target of targets.filter((t) => !t.includes("/react/") || hasReact()))
      expect(packed).toContain(target.replace(/^\.\//, ""));
    expect(packed).toEqual(
      expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/ticker/index.js", "dist/herald.js"]),
    );
    for (const file of packed) {
      expect(file).toMatch(/^(dist\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE)/);
      expect(file).not.toMatch(/(?<!\.d)\.tsx?$|\.test\.|__tests__|(^|\/)test\//);
    }
    // zod is nowhere, and every import is a file of the package or one of its dependencies and
    // peers: nothing points back into the repository (protocol/ is inlined).
    expect(existsSync(join(scratch, "node_modules/zod"))).toBe(false);
    expect(Object.keys(manifest.dependencies)).toEqual(["socket.io-client"]);
    const dist = join(installed, "dist");
    for (const file of filesUnder(dist).filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const text = readFileSync(join(dist, file), "utf8");
      expect(text, file).not.toMatch(/\bzod\b/);
      for (const [, specifier] of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"([^"]+)"/g)) {
        if (!specifier!.startsWith(".")) {
          expect(specifier, file).toMatch(/^(socket\.io-client|react|@herald\/client)(\/|$)/);
          continue;
        }
        const target = join(dist, dirname(file), specifier!);
        expect(target.startsWith(`${dist}/`), `${file}: ${specifier}`).toBe(true);
        expect(
          existsSync(file.endsWith(".d.ts") ? target.replace(/\.js$/, ".d.ts") : target),
          `${file}: ${specifier}`,
        ).toBe(true);
      }
    }
  });

  // The two run side by side: each is a tsc process of several seconds.
  it.concurrent.each(["bundler", "node16"])(
    "type-checks a site's code under strict, skipLibCheck off, moduleResolution %s",
    async (resolution) => {
      const dir = join(scratch, `types-${resolution}`);
      mkdirSync(dir);
      writeFileSync(join(dir, "consumer.ts"), CONSUMER_TS);
      const files = ["consumer.ts"];
      // The React entry is type-checked once the package has it.
      if (hasReact()) {
        writeFileSync(join(dir, "react-consumer.tsx"), CONSUMER_TSX);
        files.push("react-consumer.tsx");
      }
      const compilerOptions = {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        target: "es2022",
        lib: ["es2022", "dom", "dom.iterable"],
        module: resolution === "bundler" ? "esnext" : "node16",
        moduleResolution: resolution,
        jsx: "react-jsx",
        types: [],
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files }));
      const listed = await run(process.execPath, [TSC, "-p", dir, "--listFiles"], dir);
      const read = listed.split("\n").filter(Boolean);
      // Every declaration came from the site's node_modules (or TypeScript's own lib).
      expect(read).toContain(join(installed, "dist/protocol.d.ts"));
      expect(read.filter((f) => !f.startsWith(scratch) && !f.includes("/typescript/lib/"))).toEqual([]);
    },
  );

  it("runs in Node: a script subscribes over WebSocket and receives the entry posted", async () => {
    writeFileSync(join(scratch, "consumer.mjs"), CONSUMER_MJS);
    const articleId = await stack.createArticle();
    const child = spawn(process.execPath, ["consumer.mjs", stack.url, articleId], {
      cwd: scratch,
      env: ENV,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    let stderr = "";
    let buffered = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const live = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const complete = buffered.split("\n");
        buffered = complete.pop()!;
        for (const line of complete) {
          const message = JSON.parse(line) as Record<string, unknown>;
          lines.push(message);
          if (message.state === "live") resolve();
        }
      });
      void exited.then(() => reject(new Error(`consumer.mjs exited before live: ${stderr}`)));
    });
    try {
      await live;
      const posted = await stack.api("POST", `/v1/articles/${articleId}/entries`, {
        title: "From the package",
        body: "Received by **Node**",
      });
      expect(posted.status).toBe(202);
      const timeout = setTimeout(() => child.kill(), patient(15_000));
      expect(await exited, stderr).toBe(0);
      clearTimeout(timeout);
      const received = lines.filter((l) => "entry" in l).map((l) => l.entry as Record<string, unknown>);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        id: posted.body.id,
        articleId,
        title: "From the package",
        body: "Received by **Node**",
        html: expect.stringContaining("<strong>Node</strong>"),
      });
      expect(lines).toContainEqual({ state: "live", transport: "websocket" });
    } finally {
      child.kill();
    }
  });

  it("bundles into a page with Vite 7, whose ticker shows an entry as it is posted", async () => {
    const page = join(scratch, "page");
    mkdirSync(page);
    writeFileSync(join(page, "index.html"), PAGE_HTML);
    writeFileSync(join(page, "main.js"), PAGE_JS);
    // Vite's root is the site: @herald/client resolves from the site's node_modules.
    await run(
      process.execPath,
      [VITE, "build", page, "--outDir", join(page, "dist"), "--logLevel", "warn"],
      scratch,
    );
    const bundled = filesUnder(join(page, "dist")).filter((f) => f.endsWith(".js"));
    expect(bundled.length).toBeGreaterThan(0);

    const site = await serve(join(page, "dist"));
    browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const fromHerald: string[] = [];
      tab.on("request", (r) => {
        if (r.url().startsWith(stack.url) && new URL(r.url()).pathname.startsWith("/sdk/"))
          fromHerald.push(r.url());
      });
      const articleId = await stack.createArticle();
      await tab.goto(`${site.url}/?server=${encodeURIComponent(stack.url)}&article=${articleId}`);
      await waitForState(tab, "Live", "#ticker");
      await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Bundled by **Vite**" });
      await waitForCount(tab, 1, "#ticker");
      expect((await shown(tab, "#ticker")).map((e) => e.text)).toEqual(["Bundled by Vite"]);
      // The ticker came from the page's own bundle, not from Herald's /sdk/ scripts.
      expect(fromHerald).toEqual([]);
    } finally {
      await site.close();
    }
  });
});
