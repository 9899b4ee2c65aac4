import { z } from "zod";
import { html, javascript, json, plainText, type RouteDescriptor } from "./route.js";

export const healthz = {
  method: "get",
  path: "/healthz",
  summary: "Liveness",
  tag: "Operations",
  auth: "public",
  responses: { 200: json(z.object({ ok: z.literal(true) }), "The process is up") },
} as const satisfies RouteDescriptor;

const readiness = z.object({
  ok: z.boolean(),
  checks: z.object({ redis: z.boolean(), queue: z.boolean(), draining: z.boolean() }),
});

export const readyz = {
  method: "get",
  path: "/readyz",
  summary: "Readiness: Redis reachable, queue open, not draining",
  tag: "Operations",
  auth: "public",
  responses: { 200: json(readiness, "Ready"), 503: json(readiness, "Not ready") },
} as const satisfies RouteDescriptor;

// Public unless METRICS_TOKEN is set (then its bearer only); off in production without it.
export const metrics = {
  method: "get",
  path: "/metrics",
  summary: "Prometheus metrics (keep off the public internet; METRICS_TOKEN as a bearer when set)",
  tag: "Operations",
  auth: "public",
  responses: { 200: plainText("Prometheus text format") },
  errors: ["unauthorized", "forbidden"],
} as const satisfies RouteDescriptor;

// Bull Board mounts its own router here; the descriptor gives it its guard and its entry here.
export const queueDashboard = {
  method: "get",
  path: "/admin/queues",
  summary: "The queue dashboard (Bull Board), when QUEUE_DASHBOARD=on",
  tag: "Operations",
  auth: "operator",
  responses: { 200: html("An HTML page") },
  errors: ["not_found"],
} as const satisfies RouteDescriptor;

export const openApiDocument = {
  method: "get",
  path: "/openapi.json",
  summary: "This document",
  tag: "Operations",
  auth: "public",
  responses: { 200: { description: "OpenAPI 3.1" } },
} as const satisfies RouteDescriptor;

export const apiDocsPage = {
  method: "get",
  path: "/docs",
  summary: "Browsable API documentation",
  tag: "Operations",
  auth: "public",
  responses: { 200: html("An HTML page") },
} as const satisfies RouteDescriptor;

export const apiDocsScript = {
  method: "get",
  path: "/docs/init.js",
  summary: "The documentation page's start-up script",
  tag: "Operations",
  auth: "public",
  responses: { 200: javascript("JavaScript") },
} as const satisfies RouteDescriptor;
