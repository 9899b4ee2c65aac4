// The React binding on a server: a Next.js or Remix page imports it and renders it in Node,
// where there is no window, no document, no custom elements, and nothing may connect.
import { connect, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../client-sdk/index.js";
// A type only: the module itself is imported in beforeAll.
import type * as BindingModule from "../client-sdk/react/index.js";
import { waitFor } from "./helpers/stack.js";

type Binding = typeof BindingModule;

/** A port that records every TCP connection made to it: a Herald nobody may reach from a render. */
async function listenForConnections(): Promise<{ url: string; peers: number[]; close(): Promise<void> }> {
  const peers: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    peers.push(socket.remotePort ?? -1);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    peers,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        sockets.forEach((s) => s.destroy());
      }),
  };
}

/**
 * Connects once to `url`'s port and waits until that connection is accepted: anything the
 * render started connecting before it (a client made while rendering) is accepted first.
 */
async function connectLast(url: string, peers: number[]): Promise<number> {
  const { port } = new URL(url);
  const probe = connect(Number(port), "127.0.0.1");
  await new Promise<void>((resolve, reject) => probe.once("connect", resolve).once("error", reject));
  const own = probe.localPort ?? -2;
  await waitFor(() => peers.includes(own), 5_000, "the probe's connection to be accepted");
  probe.destroy();
  return own;
}

const entry = (id: string, seq: number, html: string): Entry => ({
  id,
  articleId: "ssr-article",
  seq,
  body: html,
  html: `<p>${html}</p>`,
  pinned: false,
  keyEvent: false,
  publishedAt: new Date(Date.UTC(2025, 0, 1, 12, seq)).toISOString(),
});

describe("the React binding on the server", () => {
  let binding: Binding;
  let herald: Awaited<ReturnType<typeof listenForConnections>>;

  beforeAll(async () => {
    // Vitest runs this file in plain Node: these must be missing for the test to mean anything.
    expect([typeof window, typeof document, typeof customElements, typeof HTMLElement]).toEqual([
      "undefined",
      "undefined",
      "undefined",
      "undefined",
    ]);
    // Imported here, not at the top: a module that reads a browser global at import throws.
    binding = await import("../client-sdk/react/index.js");
    herald = await listenForConnections();
  });
  afterAll(async () => {
    await herald?.close();
  });

  /** A live blog a site would write on the hook: the state, then the entries' sanitised HTML. */
  function LiveBlog(props: { id: string; initialEntries?: Entry[] }): ReactElement {
    const { entries, state, article } = binding.useLiveArticle(props.id, {
      url: herald.url,
      ...(props.initialEntries ? { initialEntries: props.initialEntries } : {}),
    });
    return createElement(
      "section",
      { "data-state": state },
      createElement("h2", null, article?.title ?? "(untitled)"),
      createElement(
        "ol",
        null,
        entries.map((e) => createElement("li", { key: e.id, dangerouslySetInnerHTML: { __html: e.html } })),
      ),
    );
  }

  it("renders the hook as connecting with no entries, and the ticker as its empty container", async () => {
    const html = renderToString(
      createElement(
        "main",
        null,
        createElement(LiveBlog, { id: "peace-talks" }),
        createElement(
          binding.LiveTicker,
          {
            article: "peace-talks",
            url: herald.url,
            id: "ticker",
            lang: "de",
            className: "live",
            style: { maxWidth: 600 },
          },
          createElement("p", null, "Live updates load here"),
        ),
      ),
    );
    expect(html).toBe(
      '<main><section data-state="connecting"><h2>(untitled)</h2><ol></ol></section>' +
        '<div id="ticker" class="live" style="max-width:600px" lang="de"><p>Live updates load here</p></div></main>',
    );
    // Nothing connected to the server named: the probe, made after rendering, is the first.
    const probe = await connectLast(herald.url, herald.peers);
    expect(herald.peers).toEqual([probe]);
  });

  it("renders the entries the page already has (initialEntries), for hydration to render the same", () => {
    const html = renderToString(
      createElement(LiveBlog, {
        id: "peace-talks",
        initialEntries: [entry("e2", 2, "Second"), entry("e1", 1, "First")],
      }),
    );
    expect(html).toContain('data-state="connecting"');
    expect([...html.matchAll(/<li><p>(\w+)<\/p><\/li>/g)].map((m) => m[1])).toEqual(["Second", "First"]);
  });

  it("follows nothing while the article is not known yet (null), as a page that loads its id", () => {
    function Later(): ReactElement {
      const { state, entries } = binding.useLiveArticle(null, { url: herald.url });
      return createElement("p", { "data-state": state }, entries.length);
    }
    expect(renderToString(createElement(Later))).toBe('<p data-state="offline">0</p>');
  });

  it("says what is missing instead of rendering a ticker or a hook that can never connect", () => {
    expect(() =>
      renderToString(createElement(binding.LiveTicker, { article: "peace-talks", url: "" })),
    ).toThrow(/LiveTicker: `url` is required/);
    function NoTarget(): ReactElement {
      // As a JavaScript caller could write it: TypeScript would refuse it.
      binding.useLiveArticle("peace-talks", {} as { url: string });
      return createElement("p");
    }
    expect(() => renderToString(createElement(NoTarget))).toThrow(/useLiveArticle: pass `url` or `client`/);
  });
});
