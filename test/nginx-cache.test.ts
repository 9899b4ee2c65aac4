import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accepts } from "./helpers/commands.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";

/**
 * deploy/nginx-cache.conf in front of a real Herald: Debian's nginx, run unprivileged on a temp
 * prefix and a free port, with the file's own caching rules (only addresses and paths changed).
 */
const NGINX = "/usr/sbin/nginx";
const installed = existsSync(NGINX);
if (!installed)
  process.stderr.write(`nginx-cache.test: skipped, ${NGINX} is not installed (apt-get install nginx)\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The deploy file, pointed at this test's Herald, port and temp directory. */
function testConfig(upstreamPort: number, port: number, dir: string): string {
  const conf = readFileSync(new URL("../deploy/nginx-cache.conf", import.meta.url), "utf8");
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`deploy/nginx-cache.conf no longer contains "${from}"`);
    return text.replace(from, to);
  };
  let out = replace(conf, "server server:3000;", `server 127.0.0.1:${upstreamPort};`);
  out = replace(out, "listen 80;", `listen 127.0.0.1:${port};`);
  out = replace(out, "/var/cache/nginx/herald", join(dir, "cache"));
  // An unprivileged nginx keeps its logs and temp files in the prefix.
  return replace(
    out,
    "http {",
    `http {
  access_log ${join(dir, "access.log")};
  client_body_temp_path ${join(dir, "body")};
  proxy_temp_path ${join(dir, "proxy")};
  fastcgi_temp_path ${join(dir, "fastcgi")};
  uwsgi_temp_path ${join(dir, "uwsgi")};
  scgi_temp_path ${join(dir, "scgi")};`,
  );
}

describe.skipIf(!installed)("nginx cache in front of Herald (deploy/nginx-cache.conf)", () => {
  let stack: Stack;
  let nginx: ChildProcess;
  let dir: string;
  let edge: string;
  let articleId: string;

  const seqOf = async (id: string) =>
    ((await stack.api("GET", `/v1/articles/${id}`)).body as { seq: number }).seq;
  async function post(id: string, body: string): Promise<void> {
    const before = await seqOf(id);
    expect((await stack.api("POST", `/v1/articles/${id}/entries`, { body })).status).toBe(202);
    await waitFor(async () => (await seqOf(id)) > before, 10_000, "the entry to be applied");
  }

  beforeAll(async () => {
    stack = await startStack({ config: { RATE_LIMITS: "off" } });
    articleId = await stack.createArticle();
    await post(articleId, "First entry");
    dir = mkdtempSync(join(tmpdir(), "herald-nginx-"));
    // Started as root (a container), nginx's workers run as nobody: they must reach the cache.
    chmodSync(dir, 0o755);
    const port = await freePort();
    writeFileSync(join(dir, "nginx.conf"), testConfig(Number(new URL(stack.url).port), port, dir));
    nginx = spawn(
      NGINX,
      [
        "-p",
        dir,
        "-c",
        join(dir, "nginx.conf"),
        "-e",
        join(dir, "error.log"),
        "-g",
        `daemon off; pid ${join(dir, "nginx.pid")};`,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    nginx.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(
      async () => {
        if (nginx.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
        return accepts("127.0.0.1", port);
      },
      10_000,
      "nginx to listen",
    );
    edge = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once("exit", resolve));
      nginx.kill("SIGQUIT");
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    await stack?.close();
  });

  const viaEdge = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(edge + path, { headers });
    return {
      status: res.status,
      cache: res.headers.get("x-cache-status"),
      headers: res.headers,
      body: await res.text(),
    };
  };

  it("serves the second identical GET from the cache, and a new entry once max-age has passed", async () => {
    const path = `/v1/articles/${articleId}/entries`;
    const first = await viaEdge(path);
    expect(first.status).toBe(200);
    expect(first.cache).toBe("MISS");
    const second = await viaEdge(path);
    expect(second.cache).toBe("HIT");
    expect(second.body).toBe(first.body);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));

    await post(articleId, "Second entry, after the page was cached");
    // Fresh for s-maxage (1 s), then refreshed: stale-while-revalidate may hand out the old page
    // once more while nginx asks Herald, never for long.
    const fresh = await waitFor(
      async () => {
        const res = await viaEdge(path);
        return res.body.includes("Second entry") ? res : false;
      },
      5_000,
      "the new entry at the edge",
    );
    expect((JSON.parse(fresh.body) as { entries: unknown[] }).entries).toHaveLength(2);
    expect(["EXPIRED", "UPDATING", "STALE", "MISS", "REVALIDATED", "HIT"]).toContain(fresh.cache);
  });

  it("never caches a private article, with or without credentials", async () => {
    const secret = await stack.createArticle();
    expect(
      (await stack.api("PUT", `/v1/articles/${secret}`, { title: "Embargoed", private: true })).status,
    ).toBe(200);
    await post(secret, "Embargoed entry");
    const path = `/v1/articles/${secret}/entries`;
    const auth = { authorization: `Bearer ${stack.token}` };
    for (let i = 0; i < 2; i++) {
      const withToken = await viaEdge(path, auth);
      expect(withToken.status).toBe(200);
      expect(withToken.cache).toBe("BYPASS");
      expect(withToken.headers.get("cache-control")).toBe("private, no-store");
      expect(withToken.body).toContain("Embargoed entry");
      // Without a token: Herald's 401 (no-store), never the page a reader with a token was sent.
      const without = await viaEdge(path);
      expect(without.status).toBe(401);
      expect(without.cache).toBe("MISS");
      expect(without.body).not.toContain("Embargoed entry");
    }
  });

  it("passes writes through uncached", async () => {
    const res = await fetch(`${edge}/v1/articles/${articleId}/entries`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack.token}`, "content-type": "application/json" },
      body: JSON.stringify({ body: "Posted through the edge" }),
    });
    expect(res.status).toBe(202);
    // Not a cached method: the cache is not even consulted (no status at all).
    expect(res.headers.get("x-cache-status")).toBeNull();
  });
});
