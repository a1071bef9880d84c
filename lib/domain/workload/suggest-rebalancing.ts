import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { type Rebalancing, type RebalancingQuery, rebalancingQuery } from "./schemas.ts";

type Rep = { id: string; name: string; managerId: string | null; capacity: number; load: number };
type Territory = { userId: string; segment: string | null; region: string | null; accounts: number };
type Candidate = {
  userId: string; id: string; name: string; segment: string | null; region: string | null;
  arr: string; openPipeline: string; moves: number;
};
type Suggestion = Rebalancing["suggestions"][number];

// Enough spare candidates per rep that a few without a taker do not leave the rep over capacity.
const SPARE_CANDIDATES = 25;
const sliceKey = (userId: string, segment: string | null, region: string | null) => JSON.stringify([userId, segment, region]);

/**
 * Proposes moves that bring reps over capacity back to it: their smallest accounts (by ARR, or by
 * open pipeline) go to active reps eligible for the role who have room and already cover the
 * account's segment and region, a rep of the same manager first, then the one with the most room.
 * Capacity is judged on each rep's whole book (top-level accounts only with parentsOnly); the
 * segment and region filters limit which accounts may move. Reads only: nothing changes until
 * someone confirms a transfer or an assignment.
 */
export async function suggestRebalancing(actor: Actor, input: RebalancingQuery): Promise<Rebalancing> {
  authorize(actor, "workload.read");
  const query = rebalancingQuery.parse(input);
  const reps = await loadReps(query.role, query.parentsOnly);
  const excessOf = (rep: Rep) => rep.load - rep.capacity;
  const allOver = reps
    .filter((rep) => excessOf(rep) > 0 && (!query.managerId || rep.managerId === query.managerId))
    .sort((a, b) => excessOf(b) - excessOf(a) || a.name.localeCompare(b.name));
  const over = allOver.slice(0, query.reps);
  const takers = reps.filter((rep) => excessOf(rep) < 0);
  if (over.length === 0 || takers.length === 0) {
    return { suggestions: [], unresolved: over.map((rep) => ({ ...rep, excess: excessOf(rep) })), overCapacity: allOver.length };
  }
  const [territories, candidates] = await Promise.all([
    loadTerritories(query.role, [...over, ...takers].map((rep) => rep.id)),
    loadCandidates(query, over),
  ]);

  const covers = new Set(territories.map((t) => sliceKey(t.userId, t.segment, t.region)));
  const sliceSize = new Map(territories.map((t) => [sliceKey(t.userId, t.segment, t.region), t.accounts]));
  const room = new Map(takers.map((rep) => [rep.id, -excessOf(rep)]));
  const candidatesOf = new Map<string, Candidate[]>();
  for (const candidate of candidates) candidatesOf.set(candidate.userId, [...(candidatesOf.get(candidate.userId) ?? []), candidate]);
  const groups = new Map<string, Suggestion>();
  const unresolved: Rebalancing["unresolved"] = [];

  for (const rep of over) {
    let excess = excessOf(rep);
    for (const candidate of candidatesOf.get(rep.id) ?? []) {
      if (excess <= 0) break;
      // With parentsOnly only the parent counts; otherwise inheriting children move (and count) with it.
      const weight = query.parentsOnly ? 1 : candidate.moves;
      if (weight > excess && weight > 1) continue;
      const taker = bestTaker(takers, rep, weight, room, (t) => covers.has(sliceKey(t.id, candidate.segment, candidate.region)));
      if (!taker) continue;
      room.set(taker.id, room.get(taker.id)! - weight);
      excess -= weight;
      const key = JSON.stringify([rep.id, taker.id, candidate.segment, candidate.region]);
      const group = groups.get(key) ?? {
        from: rep, to: { ...taker, sameManager: taker.managerId === rep.managerId },
        segment: candidate.segment, region: candidate.region, accounts: [], wholeSlice: false,
      };
      group.accounts.push({
        id: candidate.id, name: candidate.name, arr: Number(candidate.arr), openPipeline: Number(candidate.openPipeline), moves: candidate.moves,
      });
      groups.set(key, group);
    }
    if (excess > 0) unresolved.push({ ...rep, excess });
  }

  const suggestions = [...groups.values()].map((group) => ({
    ...group,
    wholeSlice: group.accounts.reduce((sum, account) => sum + account.moves, 0) === sliceSize.get(sliceKey(group.from.id, group.segment, group.region)),
  }));
  return { suggestions, unresolved, overCapacity: allOver.length };
}

/** Someone of the same manager first, then whoever has the most room left; ties by name. */
function bestTaker(takers: Rep[], from: Rep, weight: number, room: Map<string, number>, covers: (taker: Rep) => boolean): Rep | undefined {
  let best: Rep | undefined;
  const rank = (t: Rep) => [Number(t.managerId !== null && t.managerId === from.managerId), room.get(t.id)!] as const;
  for (const taker of takers) {
    if (taker.id === from.id || room.get(taker.id)! < weight || !covers(taker)) continue;
    if (!best) { best = taker; continue; }
    const [a, b] = [rank(taker), rank(best)];
    if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && taker.name < best.name)))) best = taker;
  }
  return best;
}

/** Active reps eligible for the role who have a capacity, with the size of their whole book. */
function loadReps(role: string, parentsOnly: boolean): Promise<Rep[]> {
  return db.$queryRaw<Rep[]>`
    WITH held AS (
      SELECT ara.user_id, count(*)::int AS n
      FROM account_role_assignments ara
      ${parentsOnly ? Prisma.sql`JOIN accounts acc ON acc.id = ara.account_id AND acc.parent_id IS NULL` : Prisma.empty}
      WHERE ara.role_key = ${role} AND ara.user_id IS NOT NULL
      GROUP BY ara.user_id
    )
    SELECT u.id::text, u.name, u.manager_id::text AS "managerId", u.capacity, coalesce(h.n, 0) AS load
    FROM users u
    JOIN account_roles r ON r.key = ${role}
    LEFT JOIN held h ON h.user_id = u.id
    WHERE u.active AND u.profile = ANY (r.eligible_profiles) AND u.capacity IS NOT NULL
    ORDER BY u.name, u.id`;
}

/** The segment/region slices each rep covers today, with how many accounts (all of them) they hold in each. */
function loadTerritories(role: string, userIds: string[]): Promise<Territory[]> {
  return db.$queryRaw<Territory[]>`
    SELECT ara.user_id::text AS "userId", acc.segment, acc.region, count(*)::int AS accounts
    FROM account_role_assignments ara
    JOIN accounts acc ON acc.id = ara.account_id
    WHERE ara.role_key = ${role} AND ara.user_id = ANY (${userIds}::uuid[])
    GROUP BY 1, 2, 3`;
}

/**
 * Each over-capacity rep's movable accounts, smallest first, a few more than their excess. A CSM
 * child that inherits from its parent is not movable on its own: it follows the parent, and is
 * counted in the parent's `moves`.
 */
function loadCandidates(query: ReturnType<typeof rebalancingQuery.parse>, over: Rep[]): Promise<Candidate[]> {
  const isCsm = query.role === "csm";
  const order = query.by === "pipeline" ? Prisma.sql`c.open_pipeline, c.arr, c.id` : Prisma.sql`c.arr, c.open_pipeline, c.id`;
  return db.$queryRaw<Candidate[]>`
    WITH RECURSIVE over AS (
      SELECT * FROM unnest(${over.map((rep) => rep.id)}::uuid[], ${over.map((rep) => rep.load - rep.capacity)}::int[]) AS t(user_id, excess)
    ), pipeline AS (
      -- The open pipeline each over-capacity rep holds per account, from the per-account open totals
      -- (migration 0006): the account's following ones are its CSM's, overridden ones their CSM's.
      SELECT coalesce(h.user_id, t.user_id) AS user_id, t.account_id, sum(t.amount) AS amount
      FROM open_opportunity_totals t
      LEFT JOIN account_role_assignments h ON t.holder = 'following' AND h.account_id = t.account_id AND h.role_key = 'csm'
      WHERE t.holder IN (${isCsm ? Prisma.sql`'following', 'csm'` : Prisma.sql`'primary_sa'`})
        AND coalesce(h.user_id, t.user_id) = ANY (${over.map((rep) => rep.id)}::uuid[])
      GROUP BY 1, 2
    ), c AS (
      SELECT ara.user_id, acc.id, acc.name, acc.segment, acc.region, coalesce(acc.arr, 0) AS arr, coalesce(p.amount, 0) AS open_pipeline
      FROM over
      JOIN account_role_assignments ara ON ara.role_key = ${query.role} AND ara.user_id = over.user_id
      JOIN accounts acc ON acc.id = ara.account_id
      LEFT JOIN pipeline p ON p.user_id = ara.user_id AND p.account_id = acc.id
      WHERE true
        ${isCsm ? Prisma.sql`AND NOT (acc.csm_inheritance = 'parent' AND acc.parent_id IS NOT NULL)` : Prisma.empty}
        ${query.parentsOnly ? Prisma.sql`AND acc.parent_id IS NULL` : Prisma.empty}
        ${query.segment ? Prisma.sql`AND acc.segment = ${query.segment}` : Prisma.empty}
        ${query.region ? Prisma.sql`AND acc.region = ${query.region}` : Prisma.empty}
    ), ranked AS (
      SELECT c.*, row_number() OVER (PARTITION BY c.user_id ORDER BY ${order}) AS rank FROM c
    ), picked AS (
      SELECT r.* FROM ranked r JOIN over o ON o.user_id = r.user_id WHERE r.rank <= o.excess + ${SPARE_CANDIDATES}
    ), heirs AS (
      -- Inheriting descendants the same rep holds move with their ancestor.
      SELECT p.id AS root, p.user_id, child.id
      FROM picked p JOIN accounts child ON child.parent_id = p.id AND child.csm_inheritance = 'parent'
      WHERE ${Prisma.raw(isCsm ? "true" : "false")}
      UNION ALL
      SELECT h.root, h.user_id, child.id
      FROM heirs h JOIN accounts child ON child.parent_id = h.id AND child.csm_inheritance = 'parent'
    ), followers AS (
      SELECT h.root, count(*)::int AS n
      FROM heirs h
      JOIN account_role_assignments held ON held.account_id = h.id AND held.role_key = ${query.role} AND held.user_id = h.user_id
      GROUP BY h.root
    )
    SELECT p.user_id::text AS "userId", p.id::text, p.name, p.segment, p.region, p.arr::text, p.open_pipeline::text AS "openPipeline",
      1 + coalesce(f.n, 0) AS moves
    FROM picked p
    LEFT JOIN followers f ON f.root = p.id
    ORDER BY p.user_id, p.rank`;
}
