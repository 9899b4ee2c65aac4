import { z } from "zod";

/**
 * `PUBLIC_URL`: the origin readers reach Herald at, as `scheme://host[:port]`. A path, query,
 * fragment or credentials are refused rather than dropped, so what the operator typed is what
 * every page and document names; a trailing slash is fine.
 */
export const publicOriginSchema = z.string().transform((value, ctx) => {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // Reported below.
  }
  const problem = !url
    ? "must be an http:// or https:// origin, e.g. https://live.example.com"
    : url.protocol !== "http:" && url.protocol !== "https:"
      ? "must start with http:// or https://"
      : url.username || url.password
        ? "must not carry a user name or password"
        : url.pathname !== "/" || url.search || url.hash || value.endsWith("?") || value.endsWith("#")
          ? "must be an origin only: no path, query or fragment"
          : null;
  if (!url || problem) {
    ctx.addIssue({ code: "custom", message: problem ?? "invalid origin" });
    return z.NEVER;
  }
  return url.origin;
});

/** True for an address that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
