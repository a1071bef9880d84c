import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";

export type WorkloadFilterOptions = {
  /** People who manage at least one active rep eligible for the role. */
  managers: { id: string; name: string }[];
  segments: string[];
  regions: string[];
};

/**
 * The choices of the workload filters. Segments and regions come from the accounts themselves
 * (an index-only scan of accounts_segment_region_idx), so a filter never offers an empty slice.
 */
export async function workloadFilterOptions(actor: Actor, role: "csm" | "sa"): Promise<WorkloadFilterOptions> {
  authorize(actor, "workload.read");
  const [managers, slices] = await Promise.all([
    db.$queryRaw<{ id: string; name: string }[]>`
      SELECT DISTINCT m.id::text, m.name
      FROM users u
      JOIN account_roles r ON r.key = ${role}
      JOIN users m ON m.id = u.manager_id
      WHERE u.active AND u.profile = ANY (r.eligible_profiles)
      ORDER BY m.name, 1`,
    db.$queryRaw<{ segment: string | null; region: string | null }[]>`
      SELECT DISTINCT segment, region FROM accounts WHERE segment IS NOT NULL OR region IS NOT NULL`,
  ]);
  const sorted = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort((a, b) => a.localeCompare(b));
  return { managers, segments: sorted(slices.map((s) => s.segment)), regions: sorted(slices.map((s) => s.region)) };
}
