import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LIVE_NAMESPACE, articleRoom, type Update } from "../protocol/index.js";
import { trackFanOut, type FanOutTracker } from "../server/realtime/fanout-tracker.js";
import { fanOutParser } from "../server/realtime/fanout-observer.js";

const ARTICLE = "tracked";
const EPOCH = "e1";

function update(seq: number, epoch = EPOCH): Update {
  const at = new Date().toISOString();
  return {
    articleId: ARTICLE,
    epoch,
    seq,
    type: "entry.created",
    at,
    entry: {
      id: `entry${seq}`,
      articleId: ARTICLE,
      seq,
      body: `Entry ${seq}`,
      html: `<p>Entry ${seq}</p>`,
      pinned: false,
      keyEvent: false,
      publishedAt: at,
    },
  };
}

// A real Socket.IO server and reader; the room is joined the way a subscribe joins it,
// before its answer reads the log.
describe("the fan-out tracker", () => {
  let io: Server;
  let reader: ClientSocket;
  let tracker: FanOutTracker;
  const received: number[] = [];

  beforeEach(async () => {
    received.length = 0;
    const http = createServer();
    io = new Server(http, { parser: fanOutParser });
    const live = io.of(LIVE_NAMESPACE);
    tracker = trackFanOut(live, () => {});
    const joined = new Promise<void>((resolve) => {
      live.on("connection", (socket) => {
        void socket.join(articleRoom(ARTICLE));
        resolve();
      });
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as AddressInfo;
    reader = connect(`http://127.0.0.1:${port}${LIVE_NAMESPACE}`, { transports: ["websocket"] });
    reader.on("update", (u: Update) => received.push(u.seq));
    await joined;
  });
  afterEach(async () => {
    reader.disconnect();
    await io.close();
  });

  const broadcast = (seq: number, epoch?: string) =>
    io.of(LIVE_NAMESPACE).to(articleRoom(ARTICLE)).emit("update", update(seq, epoch));

  it("counts an update fanned out between the join and the subscribe answer, and sees no hole", async () => {
    broadcast(4); // applied after the answer read the log at seq 3, fanned out before it returned
    tracker.noteSubscribed(ARTICLE, EPOCH, 3);
    broadcast(5);
    expect(tracker.holes()).toEqual([]);
    expect(tracker.positions()).toEqual([{ articleId: ARTICLE, epoch: EPOCH, after: 5 }]);
    await expect.poll(() => received).toEqual([4, 5]);
  });

  it("reports a seq pub/sub never delivered as a hole, and forgets it once repaired", () => {
    tracker.noteSubscribed(ARTICLE, EPOCH, 3);
    broadcast(4);
    broadcast(6); // 5 was lost
    expect(tracker.holes()).toEqual([{ articleId: ARTICLE, epoch: EPOCH, after: 4 }]);
    tracker.repaired(ARTICLE, EPOCH, 6);
    expect(tracker.holes()).toEqual([]);
    expect(tracker.positions()).toEqual([{ articleId: ARTICLE, epoch: EPOCH, after: 6 }]);
  });

  it("ignores what was fanned out before the answer if it is already in the answer, or of another epoch", () => {
    broadcast(2);
    broadcast(9, "old-epoch");
    tracker.noteSubscribed(ARTICLE, EPOCH, 3);
    expect(tracker.positions()).toEqual([{ articleId: ARTICLE, epoch: EPOCH, after: 3 }]);
    broadcast(4);
    expect(tracker.holes()).toEqual([]);
  });

  it("lists nothing for a room no subscribe has answered yet", () => {
    broadcast(7);
    expect(tracker.positions()).toEqual([]);
    expect(tracker.holes()).toEqual([]);
  });
});
