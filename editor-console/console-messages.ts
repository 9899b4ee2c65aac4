import { ApiError } from "./api.js";

/** The element of CONSOLE_HTML with this id. */
export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Shows `text` in the message line with this id, styled by `kind`. */
export function say(id: string, text: string, kind: "" | "error" | "warn" = "") {
  const node = $(id);
  node.textContent = text;
  node.className = kind;
}

/** An error as the editor reads it: the API's message and code, or what went wrong on the way. */
export function failure(err: unknown): string {
  if (err instanceof ApiError) return err.status === 0 ? err.message : `${err.message} (${err.code})`;
  return String(err);
}
