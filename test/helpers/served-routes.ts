import type { Express } from "express";

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function routesOf(stack: Layer[], found: Set<string>): Set<string> {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) {
        if (method !== "_all") found.add(`${method} ${layer.route.path.replace(/:(\w+)/g, "{$1}")}`);
      }
    } else if (layer.handle?.stack) {
      routesOf(layer.handle.stack, found);
    }
  }
  return found;
}

/** Every method + path the running express app answers (`get /v1/articles/{articleId}`), read from its router. */
export function servedRoutes(app: Express): Set<string> {
  return routesOf((app as unknown as { router: { stack: Layer[] } }).router.stack, new Set());
}
