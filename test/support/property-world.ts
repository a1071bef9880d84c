import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import { totalsComparison } from "./open-totals.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import type { Profile } from "@/lib/db/generated/enums.ts";

/**
 * A small world for random sequences of operations, fresh for each run so a book transfer only
 * ever moves this world's accounts: a parent account P whose child C inherits its CSM, a
 * standalone account S, six opportunities (two of them closed), and people of every profile —
 * the CSMs and SAs are also actors, so an SA acting "for themselves" really is one.
 */
export type World = {
  tag: string;
  accounts: { P: string; C: string; S: string };
  accountIds: string[];
  actors: Actor[];
  people: Record<"admin" | "salesOps" | "salesComp" | "finance" | "integration" | "manager" | "csm1" | "csm2" | "sa1" | "sa2" | "leader" | "inactiveCsm", Actor>;
  userIds: string[];
};

export type AccountState = { id: string; parentId: string | null; inheritance: "none" | "parent"; version: number; csm: string | null; sa: string | null };
export type OpportunityState = {
  id: string; accountId: string; name: string; stage: string; isClosed: boolean; csmId: string | null; overridden: boolean;
  primarySaId: string | null; supporting: string[]; mergedIntoId: string | null; version: number; closedAt: string | null;
};
export type WorldState = {
  accounts: Record<string, AccountState>; opportunities: OpportunityState[]; auditMax: string;
  /** Rows where the stored open totals (migration 0006) and a recount of the opportunities disagree. */
  totalsDrift: unknown[];
};

export type AuditRow = {
  id: string; entityType: string; entityId: string; field: string; from: string | null; to: string | null;
  source: string; batchId: string | null; actorId: string | null;
};

export async function makeWorld(): Promise<World> {
  const tag = randomUUID().slice(0, 8);
  const person = (profile: Profile, key: string, active = true) => ({
    id: randomUUID(), email: `${key}-${tag}@property.test`, name: `${key} ${tag}`, profile, active,
  });
  const people = {
    admin: person("admin", "admin"), salesOps: person("sales_ops", "ops"), salesComp: person("sales_comp", "comp"),
    finance: person("finance", "finance"), integration: person("integration", "integration"),
    manager: person("csm_manager", "manager"), csm1: person("csm", "csm1"), csm2: person("csm", "csm2"),
    sa1: person("sa", "sa1"), sa2: person("sa", "sa2"), leader: person("leader", "leader"),
    inactiveCsm: person("csm", "inactive", false),
  };
  const accounts = { P: randomUUID(), C: randomUUID(), S: randomUUID() };
  const list = Object.values(people);
  await db.$transaction([
    db.user.createMany({ data: list.map(({ active, ...user }) => ({ ...user, active })) }),
    db.account.createMany({
      data: [
        { id: accounts.P, name: `P ${tag}`, segment: "Enterprise" },
        { id: accounts.C, name: `C ${tag}`, parentId: accounts.P, csmInheritance: "parent", segment: "mid" },
        { id: accounts.S, name: `S ${tag}`, segment: "Enterprise" },
      ],
    }),
    db.accountRoleAssignment.createMany({
      data: [
        { accountId: accounts.P, roleKey: "csm", userId: people.csm1.id },
        { accountId: accounts.P, roleKey: "sa", userId: people.sa1.id },
        { accountId: accounts.C, roleKey: "csm", userId: people.csm1.id },
        { accountId: accounts.S, roleKey: "csm", userId: people.csm2.id },
        { accountId: accounts.S, roleKey: "sa", userId: people.sa2.id },
      ],
    }),
    db.opportunity.createMany({
      data: [
        { name: "O01", accountId: accounts.P, csmId: people.csm1.id, primarySaId: people.sa1.id },
        { name: "O02", accountId: accounts.P, csmId: people.csm1.id, primarySaId: people.sa1.id, stage: "proposal" },
        { name: "O03", accountId: accounts.P, csmId: people.csm1.id, primarySaId: people.sa1.id, stage: "closed_won", closedAt: new Date() },
        { name: "O04", accountId: accounts.C, csmId: people.csm1.id },
        { name: "O05", accountId: accounts.S, csmId: people.csm2.id, primarySaId: people.sa2.id },
        { name: "O06", accountId: accounts.S, csmId: people.csm2.id, primarySaId: people.sa2.id, stage: "closed_lost", closedAt: new Date() },
      ],
    }),
  ]);
  const actor = ({ id, email, name, profile }: (typeof list)[number]): Actor => ({ id, email, name, profile });
  const actors = Object.fromEntries(Object.entries(people).map(([key, value]) => [key, actor(value)])) as World["people"];
  return {
    tag,
    accounts,
    accountIds: [accounts.P, accounts.C, accounts.S],
    people: actors,
    // Everyone active may act, the profiles that may change most a little more often (so that
    // enough steps apply); the inactive CSM is only ever a (refused) assignee.
    actors: [
      actors.admin, actors.salesOps, actors.integration, actors.salesComp, actors.finance, actors.manager,
      actors.csm1, actors.sa1, actors.sa2, actors.leader, actors.admin, actors.salesOps, actors.manager, actors.sa1,
    ],
    userIds: list.map((user) => user.id),
  };
}

/** The world as the invariants see it, read in one statement. */
export async function readWorld(world: World): Promise<WorldState> {
  const [row] = await db.$queryRaw<{ accounts: AccountState[]; opportunities: OpportunityState[] | null; auditMax: string; totalsDrift: unknown[] }[]>`
    WITH ${totalsComparison(world.accountIds)}
    SELECT
      (SELECT jsonb_agg(jsonb_build_object(
          'id', a.id, 'parentId', a.parent_id, 'inheritance', a.csm_inheritance, 'version', a.version,
          'csm', (SELECT user_id FROM account_role_assignments WHERE account_id = a.id AND role_key = 'csm'),
          'sa', (SELECT user_id FROM account_role_assignments WHERE account_id = a.id AND role_key = 'sa')) ORDER BY a.id)
       FROM accounts a WHERE a.id = ANY(${world.accountIds}::uuid[])) AS accounts,
      (SELECT jsonb_agg(jsonb_build_object(
          'id', o.id, 'accountId', o.account_id, 'name', o.name, 'stage', o.stage, 'isClosed', o.is_closed,
          'csmId', o.csm_id, 'overridden', o.csm_overridden, 'primarySaId', o.primary_sa_id,
          'supporting', (SELECT coalesce(jsonb_agg(s.user_id ORDER BY s.user_id), '[]'::jsonb)
                         FROM opportunity_supporting_sas s WHERE s.opportunity_id = o.id),
          'mergedIntoId', o.merged_into_id, 'version', o.version, 'closedAt', o.closed_at) ORDER BY o.name)
       FROM opportunities o WHERE o.account_id = ANY(${world.accountIds}::uuid[])) AS opportunities,
      (SELECT coalesce(max(id), 0)::text FROM audit_entries) AS "auditMax",
      (SELECT coalesce(jsonb_agg(d), '[]'::jsonb) FROM totals_drift d) AS "totalsDrift"`;
  return {
    accounts: Object.fromEntries(row.accounts.map((account) => [account.id, account])),
    opportunities: row.opportunities ?? [],
    auditMax: row.auditMax,
    totalsDrift: row.totalsDrift,
  };
}

/** Audit entries about this world's records written after `afterId`, in the order written. */
export function auditSince(world: World, state: WorldState, afterId: string): Promise<AuditRow[]> {
  const ids = [...world.accountIds, ...state.opportunities.map((o) => o.id), ...world.userIds];
  return db.$queryRaw<AuditRow[]>`
    SELECT id::text, entity_type::text AS "entityType", entity_id AS "entityId", field, from_value AS "from", to_value AS "to",
      source::text, batch_id::text AS "batchId", actor_id::text AS "actorId"
    FROM audit_entries WHERE id > ${afterId}::bigint AND entity_id = ANY(${ids}::text[])
    ORDER BY id`;
}

/** Replaces the ids in a message with the world's names for them (csm1, P, O03 …), for readable failures. */
export function withNames(world: World, state: WorldState, message: string): string {
  const names = new Map<string, string>([
    ...Object.entries(world.people).map(([key, person]) => [person.id, key] as [string, string]),
    ...Object.entries(world.accounts).map(([key, id]) => [id, key] as [string, string]),
    ...state.opportunities.map((o) => [o.id, o.name] as [string, string]),
  ]);
  return message.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => names.get(id) ?? id);
}
