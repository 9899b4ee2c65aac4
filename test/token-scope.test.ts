import { describe, expect, it } from "vitest";
import { matchesPattern } from "../protocol/index.js";

describe("token scope patterns", () => {
  it.each([
    ["*", "anything", true],
    ["politics-*", "politics-eu-summit", true],
    ["politics-*", "sports-final", false],
    ["politics-*", "xpolitics-a", false],
    ["election.2026", "election.2026", true],
    ["election.2026", "electionX2026", false],
    ["*-live", "budget-live", true],
  ])("%s matches %s: %s", (pattern, id, expected) => {
    expect(matchesPattern(pattern, id)).toBe(expected);
  });
});
