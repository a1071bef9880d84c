import { describe, expect, it } from "vitest";
import { approvalWarnings } from "./approval-warnings.ts";

const none = { missing_csm: 0, missing_primary_sa: 0, supporting_sa_activity: 0, csm_overridden: 0 };

describe("warnings before a comp approval", () => {
  it("says nothing for an ended period without flags", () => {
    expect(approvalWarnings({ to: "2026-11-30" }, none, new Date("2026-12-05T08:00:00Z"))).toEqual([]);
  });

  it("warns that a period has not ended, its last day included", () => {
    expect(approvalWarnings({ to: "2026-12-05" }, none, new Date("2026-12-05T08:00:00Z"))).toEqual([
      expect.stringContaining("This period has not ended yet"),
    ]);
  });

  it("lists the open flags with their counts", () => {
    const [warning] = approvalWarnings({ to: "2026-11-30" }, { ...none, missing_csm: 3, supporting_sa_activity: 1 }, new Date("2026-12-05T08:00:00Z"));
    expect(warning).toBe("Flags still open: 3 opportunities without a CSM, 1 possible dispute (supporting SA activity). They are frozen as they are.");
  });
});
