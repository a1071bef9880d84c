import { describe, expect, it } from "vitest";
import { parseWorkloadParams, workloadHref } from "./params.ts";

describe("the workload page's URL", () => {
  it("draws the first bars only until asked for all, and keeps that choice in the link", () => {
    const first = parseWorkloadParams({});
    expect(first.allBars).toBe(false);
    expect(workloadHref(first)).toBe("/workload");

    const all = parseWorkloadParams({ all: "true", sort: "arr" });
    expect(all.allBars).toBe(true);
    expect(workloadHref(all)).toBe("/workload?sort=arr&all=true");
    expect(workloadHref(all, { allBars: false })).toBe("/workload?sort=arr");
    // A mangled value falls back alone, keeping the rest.
    expect(parseWorkloadParams({ all: "yes", sort: "arr" })).toMatchObject({ allBars: false, sort: "arr" });
  });
});
