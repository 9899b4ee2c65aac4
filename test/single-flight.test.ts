import { describe, expect, it } from "vitest";
import { singleFlight } from "../platform/single-flight.js";

describe("singleFlight", () => {
  it("runs identical calls in flight once, and starts afresh once the first settled", async () => {
    const flights = singleFlight<string, number>();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const work = async () => {
      runs++;
      await gate;
      return runs;
    };
    const answers = Promise.all([flights.run("a", work), flights.run("a", work), flights.run("b", work)]);
    expect(flights.inFlight).toBe(2);
    release();
    expect(await answers).toEqual([2, 2, 2]);
    expect(flights.joined).toBe(1);
    expect(flights.inFlight).toBe(0);
    expect(await flights.run("a", work)).toBe(3);
  });

  it("shares a failure with every caller that joined, and does not keep it", async () => {
    const flights = singleFlight<string, number>();
    let fail = true;
    const work = () => (fail ? Promise.reject(new Error("redis down")) : Promise.resolve(1));
    const both = [flights.run("a", work), flights.run("a", work)];
    for (const call of both) await expect(call).rejects.toThrow("redis down");
    fail = false;
    expect(await flights.run("a", work)).toBe(1);
  });
});
