import { createServer } from "node:http";
import { Writable } from "node:stream";
import { Server } from "socket.io";
import { Adapter } from "socket.io-adapter";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_NAMESPACE, articleRoom, type Update } from "../protocol/index.js";
import { createLogger } from "../platform/logger.js";
import { startServer, type HeraldServer } from "../server/create-server.js";
import { fanOutParser } from "../server/realtime/fanout-observer.js";
import { trackFanOut } from "../server/realtime/fanout-tracker.js";
import { testConfig, waitFor } from "./helpers/stack.js";

function update(articleId: string, seq: number): Update {
  const at = new Date().toISOString();
  return {
    articleId,
    epoch: "e1",
    seq,
    type: "entry.created",
    at,
    entry: {
      id: `entry${seq}`,
      articleId,
      seq,
      body: `Entry ${seq}`,
      html: `<p>Entry ${seq}</p>`,
      pinned: false,
      keyEvent: false,
      publishedAt: at,
    },
  };
}

/** The value of an unlabelled metric as /metrics shows it. */
async function metric(server: HeraldServer, name: string): Promise<number | undefined> {
  const line = (await server.registry.metrics()).split("\n").find((l) => l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}

describe("following the fan-out at start-up", () => {
  it("refuses a Socket.IO server not built with Herald's parser: it could not see what it fans out", () => {
    const io = new Server(createServer());
    expect(() => trackFanOut(io.of(LIVE_NAMESPACE), () => {})).toThrow(/fanOutParser/);
  });

  it("refuses an adapter whose broadcast does not pass through the server's encoder", () => {
    // What a Socket.IO release that encodes broadcasts some other way would look like.
    class ElsewhereEncodingAdapter extends Adapter {
      override broadcast(): void {}
    }
    const io = new Server(createServer(), { parser: fanOutParser, adapter: ElsewhereEncodingAdapter });
    expect(() => trackFanOut(io.of(LIVE_NAMESPACE), () => {})).toThrow(/broadcast/);
  });
});

describe("when tracking stops while the server runs", () => {
  let server: HeraldServer;
  let log = "";

  beforeAll(async () => {
    const config = testConfig();
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        log += chunk.toString();
        done();
      },
    });
    server = await startServer(config, createLogger({ level: "info", name: "fanout", destination: sink }));
  });
  afterAll(async () => {
    await server.close();
  });

  it("a reader sent an update Herald did not observe raises herald_fanout_tracking_stopped and logs it once", async () => {
    const articleId = "untracked";
    const reader = connect(`${server.url}${LIVE_NAMESPACE}`, { transports: ["websocket"] });
    const received: number[] = [];
    reader.on("update", (u: Update) => received.push(u.seq));
    const live = server.io.of(LIVE_NAMESPACE);
    await waitFor(() => live.sockets.size === 1, 5_000, "the reader connected");
    const socket = [...live.sockets.values()][0];
    if (!socket) throw new Error("no socket");
    await socket.join(articleRoom(articleId));

    // The room's own fan-out is observed: tracking is running.
    live.to(articleRoom(articleId)).emit("update", update(articleId, 1));
    await waitFor(() => received.includes(1), 5_000, "the broadcast update");
    expect(await metric(server, "herald_fanout_tracking_stopped")).toBe(0);
    expect(log).not.toContain("fan-out tracking stopped");

    // Updates written to the socket by a path the observer does not see.
    socket.emit("update", update(articleId, 2));
    socket.emit("update", update(articleId, 3));
    await waitFor(() => received.includes(3), 5_000, "the unobserved updates");
    expect(await metric(server, "herald_fanout_tracking_stopped")).toBe(1);
    await waitFor(() => log.includes("fan-out tracking stopped"), 5_000, "the log line");
    expect(log.split("fan-out tracking stopped").length - 1).toBe(1);
    reader.disconnect();
  });
});
