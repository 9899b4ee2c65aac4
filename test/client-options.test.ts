import { describe, expect, it } from "vitest";
import { resolveClientOptions } from "../client-sdk/client-options.js";

describe("client options", () => {
  it("an option given as undefined keeps its default (a site passing its own optional settings through)", () => {
    const options = resolveClientOptions({
      url: "http://127.0.0.1:3000",
      reconnectDelayMs: undefined,
      transports: undefined,
      fallback: undefined,
    });
    expect(options.reconnectDelayMs).toBe(500);
    expect(options.transports).toEqual(["websocket"]);
    expect(options.fallback).toBe(true);
  });

  it("an option given wins over its default, and a URL that is not http(s) is refused", () => {
    expect(resolveClientOptions({ url: "https://live.example.com", ackTimeoutMs: 2_000 }).ackTimeoutMs).toBe(
      2_000,
    );
    expect(() => resolveClientOptions({ url: "ws://live.example.com" })).toThrow(TypeError);
  });
});
