import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export { Registry };

/** Delivery latencies span sub-millisecond (one host) to seconds (a backlog). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A registry with prom-client's process metrics (CPU, memory, event-loop lag, GC). */
export function createRegistry(component: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ component });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}

export function createWorkerMetrics(registry: Registry) {
  return {
    jobs: new Counter({
      name: "herald_jobs_total",
      help: "Queue jobs finished by this worker, by outcome (applied, duplicate, unchanged, failed, retried)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    acceptedToPublished: new Histogram({
      name: "herald_accepted_to_published_seconds",
      help: "From the API accepting a change to the worker publishing its update",
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  };
}
export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

export function createServerMetrics(registry: Registry) {
  return {
    fanOuts: new Counter({
      name: "herald_update_fanouts_total",
      help: "Updates this server broadcast to an article room",
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "herald_update_deliveries_total",
      help: "Update messages written to reader sockets (fan-outs × readers in the room)",
      registers: [registry],
    }),
    appliedToFanOut: new Histogram({
      name: "herald_applied_to_fanout_seconds",
      help: "From a worker applying a change to this server writing it to its readers",
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    repairs: new Counter({
      name: "herald_fanout_repairs_total",
      help: "Updates re-sent from the log: after this server's pub/sub connection came back, or for a hole in its fan-out that did not fill",
      registers: [registry],
    }),
    fanOutTrackingStopped: new Gauge({
      name: "herald_fanout_tracking_stopped",
      help: "1 once a reader was sent an update this server's fan-out tracking did not see (repair and private-article eviction miss it)",
      registers: [registry],
    }),
    subscribes: new Counter({
      name: "herald_subscribes_total",
      help: "Subscribe requests answered, by result (catch_up, reset, error)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    socketsRefused: new Counter({
      name: "herald_sockets_refused_total",
      help: "Socket handshakes refused, by reason (over_capacity: MAX_SOCKETS reached, the client polls; draining, per_ip, rate)",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    pubsubReceived: new Counter({
      name: "herald_pubsub_messages_received_total",
      help: "Pub/sub messages this server received from Redis (on a Redis Cluster: only those of rooms it has readers in)",
      registers: [registry],
    }),
  };
}
export type ServerMetrics = ReturnType<typeof createServerMetrics>;

/** A gauge whose value is read at scrape time. */
export function gaugeFrom(
  registry: Registry,
  name: string,
  help: string,
  read: () => number | Promise<number>,
) {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(await read());
    },
  });
}
