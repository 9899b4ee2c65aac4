import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../platform/config.js";
import { createWebhookStore } from "../webhooks/webhook-store.js";
import { createWebhooksQueue } from "../webhooks/webhook-queue.js";
import { nonPublicRange } from "../webhooks/public-address.js";
import { ReceiverRefused, resolveReceiver } from "../webhooks/resolve-receiver.js";
import { postToReceiver } from "../webhooks/post-to-receiver.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { startWebhookReceiver } from "./helpers/webhook-receiver.js";

// No test here may send anything outside 127.0.0.0/8: receivers listen on 127.0.0.1, public
// addresses are only ever classified, and resolvers are fakes or /etc/hosts (`localhost`).

interface LoggedDelivery {
  attempt: number;
  ok: boolean;
  status?: number;
  error?: string;
}

describe("webhook receivers must be public (SSRF), by default", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each([
    "http://127.0.0.1:6379/",
    "http://127.1/",
    "http://0.0.0.0:8080/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://[::1]:9101/metrics",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "https://[fd00::1]/",
    "https://[fe80::1]/",
    "http://localhost:3000/",
    "http://LOCALHOST./",
    "http://admin.localhost/",
  ])("POST /v1/webhooks refuses %s with 400 validation_failed", async (url) => {
    const res = await stack.operatorApi("POST", "/v1/webhooks", { url });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.message).toMatch(/not a public address|names this machine/);
  });

  it("POST /v1/webhooks refuses credentials in the URL and schemes other than http(s)", async () => {
    for (const [url, message] of [
      ["https://user:secret@hooks.example.com/", /must not carry credentials/],
      ["https://:secret@hooks.example.com/", /must not carry credentials/],
      ["file:///etc/passwd", /./],
      ["gopher://hooks.example.com/", /./],
    ] as const) {
      const res = await stack.operatorApi("POST", "/v1/webhooks", { url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.message).toMatch(message);
    }
  });

  it("at send time, refuses a host that resolves to loopback, says so in the delivery log, and does not retry", async () => {
    const receiver = await startWebhookReceiver();
    // Stored directly, as a webhook registered before this check (or by a host name whose
    // address changed since) would be: the route would have refused both.
    const store = createWebhookStore(stack.redis, stack.config.KEY_PREFIX);
    const literal = await store.create({ url: receiver.url, articles: ["ssrf-*"] });
    const named = await store.create({ url: `http://localhost:${receiver.port}/hook`, articles: ["ssrf-*"] });
    const queue = createWebhooksQueue(stack.redis, stack.config.KEY_PREFIX, 1_000);
    try {
      const articleId = await stack.createArticle("ssrf-probe");
      await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Probe" });
      // Failed for good after one attempt (10 are allowed for a receiver that is down).
      const failed = await waitFor(
        async () => {
          const jobs = await queue.getJobs(["failed"]);
          return jobs.length === 2 && jobs;
        },
        10_000,
        "both deliveries to fail",
      );
      expect(failed.map((j) => j.attemptsMade)).toEqual([1, 1]);
      expect(await queue.getJobCounts("delayed", "wait", "active")).toEqual({
        delayed: 0,
        wait: 0,
        active: 0,
      });
      for (const hook of [literal, named]) {
        const log = await stack.operatorApi("GET", `/v1/webhooks/${hook.id}/deliveries`);
        const deliveries = log.body.deliveries as LoggedDelivery[];
        expect(deliveries).toHaveLength(1);
        expect(deliveries[0]).toMatchObject({ attempt: 1, ok: false });
        expect(deliveries[0]?.status).toBeUndefined();
        expect(deliveries[0]?.error).toMatch(
          /^refused: (localhost|127\.0\.0\.1) resolves to (127\.0\.0\.1|::1), not a public address \(loopback\)$/,
        );
      }
      expect(receiver.received).toEqual([]);
    } finally {
      await queue.close();
      await receiver.close();
    }
  });
});

describe("webhook delivery with WEBHOOK_ALLOW_PRIVATE=1", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { WEBHOOK_ALLOW_PRIVATE: "1", WEBHOOK_RETRY_BASE_MS: "100" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("does not follow a redirect: the 3xx is a failed delivery, and its target gets nothing", async () => {
    const target = await startWebhookReceiver();
    const redirecting = await startWebhookReceiver((res) =>
      res.writeHead(302, { location: target.url }).end(),
    );
    try {
      const created = await stack.operatorApi("POST", "/v1/webhooks", {
        url: redirecting.url,
        articles: ["moved-*"],
      });
      expect(created.status).toBe(201);
      const articleId = await stack.createArticle("moved-probe");
      await stack.api("POST", `/v1/articles/${articleId}/entries`, { body: "Probe" });
      const first = await waitFor(
        async () => {
          const log = await stack.operatorApi("GET", `/v1/webhooks/${created.body.id}/deliveries`);
          return (log.body.deliveries as LoggedDelivery[]).at(-1);
        },
        10_000,
        "the first delivery",
      );
      expect(first).toMatchObject({ attempt: 1, status: 302, ok: false });
      expect(first.error).toMatch(/redirects are not followed/);
      expect(redirecting.received.length).toBeGreaterThan(0);
      expect(target.received).toEqual([]);
    } finally {
      await redirecting.close();
      await target.close();
    }
  });
});

describe("the send-time check", () => {
  it("refuses when any resolved address is not public, before connecting", async () => {
    const resolve = (host: string) => {
      expect(host).toBe("hooks.example.com");
      return Promise.resolve([
        { address: "93.184.216.34", family: 4 },
        { address: "10.1.2.3", family: 4 },
      ]);
    };
    const url = new URL("https://hooks.example.com/in");
    await expect(resolveReceiver(url, { allowPrivate: false, resolve })).rejects.toThrow(ReceiverRefused);
    await expect(resolveReceiver(url, { allowPrivate: false, resolve })).rejects.toThrow(
      "refused: hooks.example.com resolves to 10.1.2.3, not a public address (private)",
    );
    const mapped = () => Promise.resolve([{ address: "::ffff:169.254.169.254", family: 6 }]);
    await expect(resolveReceiver(url, { allowPrivate: false, resolve: mapped })).rejects.toThrow(
      /link-local/,
    );
  });

  it("connects to the address it checked (no second lookup) and keeps the host name in Host", async () => {
    const receiver = await startWebhookReceiver();
    let lookups = 0;
    // A rebinding resolver: the first answer is the one checked; any later one would differ.
    const resolve = () =>
      Promise.resolve([{ address: lookups++ === 0 ? "127.0.0.1" : "127.0.0.2", family: 4 }]);
    try {
      const url = new URL(`http://receiver.test:${receiver.port}/hook`);
      const addresses = await resolveReceiver(url, { allowPrivate: true, resolve });
      const answer = await postToReceiver(url, addresses, { headers: {}, body: "{}", timeoutMs: 5_000 });
      expect(answer.status).toBe(200);
      expect(lookups).toBe(1);
      expect(receiver.received.map((r) => r.headers.host)).toEqual([`receiver.test:${receiver.port}`]);
    } finally {
      await receiver.close();
    }
  });
});

describe("address classification", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared (CGNAT)"],
    ["169.254.169.254", "link-local"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "documentation"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fd00::1", "unique-local"],
    ["fc12:3456::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["0:0:0:0:0:ffff:a00:1", "private"],
    ["::ffff:0:a9fe:a9fe", "link-local"],
    ["::127.0.0.1", "IPv4-compatible"],
    ["64:ff9b::7f00:1", "loopback"],
    ["64:ff9b::192.168.0.1", "private"],
    ["64:ff9b:1::1", "local-use NAT64"],
    ["2002:7f00:1::1", "loopback"],
    ["2002:c0a8:101::1", "private"],
    ["2001:db8::1", "documentation"],
    ["100::1", "discard-only"],
    ["4000::1", "not global unicast"],
    ["example.com", "not an IP address"],
  ])("%s is %s", (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each([
    "8.8.8.8",
    "93.184.216.34",
    "172.32.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
  ])("%s is public", (address) => {
    expect(nonPublicRange(address)).toBeNull();
  });
});

describe("WEBHOOK_ALLOW_PRIVATE", () => {
  it("is off by default, on with 1, and refused in production", () => {
    expect(loadConfig({}).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: "1" }).WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: "0" }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    const production = {
      NODE_ENV: "production",
      PUBLIC_URL: "https://live.example.com",
      WEBHOOK_ALLOW_PRIVATE: "1",
    };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/^Invalid WEBHOOK_ALLOW_PRIVATE: .*production/);
  });
});
