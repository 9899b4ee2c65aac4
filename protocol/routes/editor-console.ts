import { css, html, javascript, type RouteDescriptor } from "./route.js";

export const editorPage = {
  method: "get",
  path: "/editor",
  summary: "The editor console (sign in with an editor token)",
  tag: "Editor",
  auth: "public",
  responses: { 200: html("An HTML page") },
} as const satisfies RouteDescriptor;

export const editorScript = {
  method: "get",
  path: "/editor/app.js",
  summary: "The editor console's script",
  tag: "Editor",
  auth: "public",
  responses: { 200: javascript("JavaScript") },
} as const satisfies RouteDescriptor;

export const editorStylesheet = {
  method: "get",
  path: "/editor/editor.css",
  summary: "The editor console's stylesheet",
  tag: "Editor",
  auth: "public",
  responses: { 200: css("CSS") },
} as const satisfies RouteDescriptor;
