import type { Registry } from "../../platform/metrics.js";
import { gaugeFrom } from "../../platform/metrics.js";
import { articleRoom } from "../../protocol/index.js";
import type { LiveNamespace } from "./live-namespace.js";

const ROOM_PREFIX = articleRoom("");

/** Gauges read at scrape time: connections, subscriptions, articles with readers. */
export function registerLiveGauges(registry: Registry, live: LiveNamespace): void {
  const articleRooms = () => [...live.adapter.rooms].filter(([room]) => room.startsWith(ROOM_PREFIX));
  gaugeFrom(
    registry,
    "herald_sockets_connected",
    "Reader connections on this server",
    () => live.sockets.size,
  );
  gaugeFrom(
    registry,
    "herald_subscriptions",
    "Article subscriptions on this server (a socket may follow several)",
    () => articleRooms().reduce((sum, [, members]) => sum + members.size, 0),
  );
  gaugeFrom(
    registry,
    "herald_articles_with_readers",
    "Articles with at least one reader on this server",
    () => articleRooms().length,
  );
}
