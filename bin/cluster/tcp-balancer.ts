import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface Backend {
  port: number;
  /** False while the backend's /readyz fails: it gets no new connections. */
  ready: boolean;
}

/**
 * A round-robin TCP load balancer for 127.0.0.1 backends: each new connection goes to the
 * next ready backend, so WebSockets pass through untouched (readers use WebSocket only, so
 * no sticky sessions are needed). Health comes from polling each backend's /readyz.
 */
export function startTcpBalancer(options: {
  port: number;
  host: string;
  backends: Backend[];
  healthEveryMs?: number;
  /** Called when a backend enters or leaves the rotation. */
  onReadyChange?: (backend: Backend) => void;
}): {
  server: Server;
  close(): Promise<void>;
} {
  let next = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const ready = options.backends.filter((b) => b.ready && b.port > 0);
    const backend = ready[next++ % Math.max(1, ready.length)];
    if (!backend) {
      client.destroy();
      return;
    }
    const upstream = createConnection(backend.port, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  server.listen(options.port, options.host);

  const poll = setInterval(() => {
    for (const backend of options.backends.filter((b) => b.port > 0)) {
      const set = (ready: boolean) => {
        if (backend.ready === ready) return;
        backend.ready = ready;
        options.onReadyChange?.(backend);
      };
      fetch(`http://127.0.0.1:${backend.port}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
        (res) => set(res.ok),
        () => set(false),
      );
    }
  }, options.healthEveryMs ?? 1_000);

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(poll);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
