import type { Request } from "express";

/**
 * The origin readers reach this server at: PUBLIC_URL. Never the request's Host in
 * production (a forged Host would be cached into the page for everyone: config refuses to
 * start without PUBLIC_URL there); on a laptop without it, the request's, so a newcomer's
 * copy-paste works from any address.
 */
export function originOf(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get("host") ?? "localhost"}`;
}
