import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { can } from "@/lib/auth/permissions.ts";
import type { Profile } from "@/lib/db/generated/enums.ts";

/**
 * Who works a new CSQL when the person raising it names nobody: the account's Account Executive
 * (if they can work CSQLs), else the most specific routing rule for the account's segment and
 * region (sales ops edit them), else nobody — the sales ops queue.
 */
export async function defaultOwner(tx: Tx, accountId: string): Promise<string | null> {
  const [executive] = await tx.$queryRaw<{ id: string; profile: Profile }[]>`
    SELECT u.id::text, u.profile::text AS profile FROM account_role_assignments h JOIN users u ON u.id = h.user_id
    WHERE h.account_id = ${accountId}::uuid AND h.role_key = 'account_executive' AND u.active`;
  if (executive && can(executive.profile, "csqls.work")) return executive.id;
  const [routed] = await tx.$queryRaw<{ id: string }[]>`
    SELECT r.owner_id::text AS id
    FROM csql_routes r JOIN users u ON u.id = r.owner_id AND u.active, accounts a
    WHERE a.id = ${accountId}::uuid
      AND (r.segment IS NULL OR lower(r.segment) = lower(a.segment))
      AND (r.region IS NULL OR lower(r.region) = lower(a.region))
    ORDER BY (r.segment IS NOT NULL)::int + (r.region IS NOT NULL)::int DESC, (r.segment IS NOT NULL) DESC
    LIMIT 1`;
  return routed?.id ?? null;
}
