import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateRedis, type PrivateRedis } from "../bin/lib/private-redis.js";
import { loadConfig } from "../platform/config.js";
import { startStack, waitFor, type Stack } from "./helpers/stack.js";
import { startReader } from "./helpers/reader.js";
import { spawnHerald, type HeraldProcess } from "./helpers/processes.js";

// The ACL users docs/security.md recommends, checked against a real Redis: each role can do
// its work and nothing else.
const PREFIX = "herald:";
export const ACL_USERS = {
  // PSUBSCRIBE patterns are matched literally: the adapter's two patterns are named as they are.
  server: `on >server-secret ~${PREFIX}* &${PREFIX}* &${PREFIX}socket.io#/#* &${PREFIX}socket.io#/live#* -@all +@read +@write +@scripting +@pubsub +@transaction +@connection -@dangerous +info`,
  worker: `on >worker-secret ~${PREFIX}* &${PREFIX}* -@all +@read +@write +@scripting +publish +@transaction +@connection -@dangerous +info`,
};

describe("least-privilege Redis users per role", () => {
  let redis: PrivateRedis;
  let admin: Redis;
  let stack: Stack;
  const processes: HeraldProcess[] = [];
  beforeAll(async () => {
    redis = await startPrivateRedis();
    admin = new Redis(redis.url);
    for (const [name, rules] of Object.entries(ACL_USERS))
      await admin.call("ACL", "SETUSER", `herald-${name}`, ...rules.split(" "));
    stack = await startStack({ workers: 0, config: { REDIS_URL: redis.url, KEY_PREFIX: PREFIX } });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop("SIGKILL")));
    await stack?.close();
    admin?.disconnect();
    await redis?.stop();
  });

  const urlFor = (role: string) => redis.url.replace("redis://", `redis://herald-${role}:${role}-secret@`);

  it("a server and a worker run with their own users, and readers get every entry", async () => {
    const config = loadConfig({ REDIS_URL: redis.url, KEY_PREFIX: PREFIX });
    const server = await spawnHerald("server", config, { REDIS_URL: urlFor("server") });
    const worker = await spawnHerald("worker", config, { REDIS_URL: urlFor("worker") });
    processes.push(server, worker);
    const url = `http://127.0.0.1:${server.port}`;
    const headers = { authorization: `Bearer ${stack.token}`, "content-type": "application/json" };
    expect(
      (
        await fetch(`${url}/v1/articles/acl`, {
          method: "PUT",
          headers,
          body: JSON.stringify({ title: "ACL" }),
        })
      ).status,
    ).toBe(201);
    const reader = startReader(url, "acl");
    await waitFor(() => reader.states.includes("live"));
    for (const body of ["one", "two"]) {
      expect(
        (
          await fetch(`${url}/v1/articles/acl/entries`, {
            method: "POST",
            headers,
            body: JSON.stringify({ body }),
          })
        ).status,
      ).toBe(202);
    }
    await waitFor(() => reader.updates.length === 2, 10_000, "entries through ACL users");
    expect(reader.seqs()).toEqual([1, 2]);
    reader.close();
  });

  it("neither role can touch other keys or run administrative commands; the worker cannot subscribe", async () => {
    for (const role of ["server", "worker"]) {
      const client = new Redis(urlFor(role), { maxRetriesPerRequest: 0 });
      await expect(client.get("other-app:secret")).rejects.toThrow(/NOPERM/);
      await expect(client.flushall()).rejects.toThrow(/NOPERM/);
      await expect(client.call("CONFIG", "GET", "*")).rejects.toThrow(/NOPERM/);
      await expect(client.call("KEYS", "*")).rejects.toThrow(/NOPERM/);
      expect(await client.get(`${PREFIX}anything`)).toBeNull();
      if (role === "worker")
        await expect(client.subscribe(`${PREFIX}socket.io#/live#`)).rejects.toThrow(/NOPERM/);
      client.disconnect();
    }
  });
});
