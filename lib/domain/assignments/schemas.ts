import { z } from "zod";

export const pendingAssignmentOutput = z.object({
  account: z.object({ id: z.string(), name: z.string(), externalId: z.string().nullable() }),
  roleKey: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  createdAt: z.string(),
  source: z.enum(["ui", "api", "import", "stamp", "cascade", "reconcile", "salesforce"]),
});
export type PendingAssignment = z.infer<typeof pendingAssignmentOutput>;

export const pendingAssignmentsOutput = z.object({ items: z.array(pendingAssignmentOutput) });
