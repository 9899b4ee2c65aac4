import { z } from "zod";
import { articleParams } from "./params.js";
import { NOT_MODIFIED, css, html, javascript, json, type RouteDescriptor } from "./route.js";

/** `herald.js` / `herald.mjs`, or with the bundle's hash for immutable caching. */
export const SDK_FILE_PATTERN = /^herald(?:\.([0-9a-f]{10}))?\.(js|mjs)$/;

export const sdkManifest = {
  method: "get",
  path: "/sdk/manifest.json",
  summary: "The hashed (immutable) names of the current bundles",
  tag: "Widget",
  auth: "public",
  responses: { 200: json(z.object({ script: z.string(), module: z.string() }), "Paths") },
  errors: ["unavailable"],
} as const satisfies RouteDescriptor;

export const sdkFile = {
  method: "get",
  path: "/sdk/{file}",
  summary: "The ticker: herald.js (script tag), herald.mjs (ES module), or herald.<hash>.js|mjs (immutable)",
  tag: "Widget",
  auth: "public",
  params: z.object({ file: z.string().regex(SDK_FILE_PATTERN) }),
  unknownParam: "No such file",
  responses: {
    200: javascript("JavaScript"),
    304: { description: "Not modified (ETag)" },
  },
  errors: ["unavailable"],
} as const satisfies RouteDescriptor;

export const embedPage = {
  method: "get",
  path: "/v1/articles/{articleId}/embed.html",
  summary: "The entries as HTML with LiveBlogPosting JSON-LD",
  tag: "Widget",
  auth: "reader",
  params: articleParams,
  responses: { 200: html("An HTML page"), 304: NOT_MODIFIED },
} as const satisfies RouteDescriptor;

export const demoStylesheet = {
  method: "get",
  path: "/demo/demo.css",
  summary: "The demo page's stylesheet",
  tag: "Widget",
  auth: "public",
  responses: { 200: css("CSS") },
} as const satisfies RouteDescriptor;

export const demoPage = {
  method: "get",
  path: "/demo/{articleId}",
  summary: "A demo page with one ticker",
  tag: "Widget",
  auth: "public",
  params: articleParams,
  responses: { 200: html("An HTML page") },
} as const satisfies RouteDescriptor;
