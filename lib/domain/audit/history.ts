import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { AuditSource } from "@/lib/db/generated/enums.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize, can } from "@/lib/auth/permissions.ts";
import { UNDO_WINDOW_HOURS } from "@/lib/domain/batches/schemas.ts";
import { getCsql } from "@/lib/domain/csqls/queries.ts";
import { auditVisibility, visibleReason } from "./visibility.ts";
import { type HistoryEntry, type Names, phrasesOf, sentenceOf, viaOf } from "./history-sentences.ts";

export const historyQuery = z.object({
  entityType: z.enum(["account", "opportunity", "csql"]),
  entityId: z.string().uuid(),
  // The id of the newest entry of the last group shown; entries are numbered in the order written.
  cursor: z.string().regex(/^\d{1,19}$/, { message: "Not a valid cursor." }).optional(),
  limit: z.number().int().min(1).max(50).default(15),
});
export type HistoryQuery = z.input<typeof historyQuery>;

/** One readable line of an account's or opportunity's history: one change, however many fields it touched. */
export type HistoryItem = {
  id: string;
  at: string;
  actor: { id: string; name: string } | null;
  source: AuditSource;
  /** "Maria Lopez changed CSM from Chris Sato to Dana Diaz" */
  sentence: string;
  /** What else the same change did: "stamped 12 opportunities", "2 child accounts followed". */
  details: string[];
  /** "via import", "followed the parent account", … (null for a change made in the app). */
  via: string | null;
  reason: string | null;
  batchId: string | null;
  /** Whether this change can be undone here, was undone (by whom), or is itself an undo. */
  undo: HistoryUndo;
};
export type HistoryUndo = { canUndo: boolean; undoneBy: string | null; isUndo: boolean };
export type HistoryPage = { items: HistoryItem[]; nextCursor: string | null };

type Row = HistoryEntry & {
  id: bigint; at: Date; actorId: string | null; actorName: string | null; source: AuditSource;
  batchId: string | null; reason: string | null; top: bigint;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CSM_FIELDS = new Set(["team.csm", "csmInheritance", "parentId"]);
const USER_FIELDS = (field: string) => field.startsWith("team.") || ["csm", "primary_sa", "supporting_sa", "owner"].includes(field);

/**
 * The groups of entries on one page: a change is every entry of one batch, or (for changes
 * written without a batch) of one transaction — same time, actor and source. Groups are ordered
 * by their newest entry and paged on it, so a group is never split across pages and a page never
 * shifts when new entries arrive. An entity's trail is short, and the (entity_type, entity_id, id)
 * index reads it directly.
 */
function pageRows(query: z.infer<typeof historyQuery>) {
  return db.$queryRaw<Row[]>`
    WITH e AS (
      SELECT id, at, actor_id, source, batch_id, field, from_value, to_value, reason,
        coalesce(batch_id::text, at::text || '|' || coalesce(actor_id::text, '') || '|' || source::text) AS grp
      FROM audit_entries WHERE entity_type = ${query.entityType}::audit_entity AND entity_id = ${query.entityId}
    ), g AS (
      SELECT grp, max(id) AS top FROM e GROUP BY grp
      ${query.cursor ? Prisma.sql`HAVING max(id) < ${query.cursor}::bigint` : Prisma.empty}
      ORDER BY top DESC LIMIT ${query.limit + 1}
    )
    SELECT e.id, e.at, e.actor_id::text AS "actorId", u.name AS "actorName", e.source::text AS source,
      e.batch_id::text AS "batchId", e.field, e.from_value AS "from", e.to_value AS "to", e.reason, g.top
    FROM e JOIN g USING (grp) LEFT JOIN users u ON u.id = e.actor_id
    ORDER BY g.top DESC, e.id`;
}

/** Past this many other accounts, a batch reads as "1,000+ accounts": counting a 100k-account import exactly is not worth a second. */
const BATCH_CAP = 1000;

type BatchFacts = { stamped: number; cascaded: number; others: number; othersCapped: boolean };

/**
 * For an account's batches: how many of its opportunities were stamped, how many of its
 * descendants followed, how many other accounts changed with it. Each count is driven from the
 * small side: the account's own opportunities and descendants are probed one by one through
 * audit_entries_entity_idx (never a whole batch, which for an import can be 100k entries), and
 * the other accounts of a batch are read through audit_entries_batch_idx only up to BATCH_CAP.
 */
async function accountBatchFacts(accountId: string, batchIds: string[], csmBatchIds: string[]): Promise<Map<string, BatchFacts>> {
  if (batchIds.length === 0) return new Map();
  const none = Promise.resolve([] as { batchId: string; n: number }[]);
  const [stamped, cascaded, others] = await Promise.all([
    csmBatchIds.length === 0 ? none : db.$queryRaw<{ batchId: string; n: number }[]>`
      SELECT e.batch_id::text AS "batchId", count(DISTINCT op.id)::int AS n
      FROM opportunities op
      CROSS JOIN LATERAL (
        SELECT e.batch_id FROM audit_entries e
        WHERE e.entity_type = 'opportunity' AND e.entity_id = op.id::text
          AND e.batch_id = ANY(${csmBatchIds}::uuid[]) AND e.field IN ('csm', 'csm_overridden')
        -- OFFSET 0 keeps this a per-opportunity index probe: flattened into a join, the planner
        -- may read every opportunity entry of the trail instead.
        OFFSET 0
      ) e
      WHERE op.account_id = ${accountId}::uuid
      GROUP BY 1`,
    csmBatchIds.length === 0 ? none : db.$queryRaw<{ batchId: string; n: number }[]>`
      WITH RECURSIVE below AS (
        SELECT id, 1 AS depth FROM accounts WHERE parent_id = ${accountId}::uuid
        UNION ALL
        SELECT a.id, b.depth + 1 FROM accounts a JOIN below b ON a.parent_id = b.id WHERE b.depth < 64
      )
      SELECT e.batch_id::text AS "batchId", count(DISTINCT below.id)::int AS n
      FROM below
      CROSS JOIN LATERAL (
        SELECT e.batch_id FROM audit_entries e
        WHERE e.entity_type = 'account' AND e.entity_id = below.id::text AND e.source = 'cascade' AND e.batch_id = ANY(${csmBatchIds}::uuid[])
        OFFSET 0
      ) e
      GROUP BY 1`,
    db.$queryRaw<{ batchId: string; n: number; capped: boolean }[]>`
      SELECT b.id::text AS "batchId", o.n, o.capped
      FROM unnest(${batchIds}::uuid[]) AS b(id)
      CROSS JOIN LATERAL (
        SELECT count(DISTINCT x.entity_id)::int AS n, count(*) >= ${BATCH_CAP} AS capped FROM (
          SELECT e.entity_id FROM audit_entries e
          WHERE e.batch_id = b.id AND e.entity_type = 'account' AND e.source <> 'cascade' AND e.entity_id <> ${accountId}
          LIMIT ${BATCH_CAP}) x
      ) o`,
  ]);
  const facts = new Map<string, BatchFacts>(batchIds.map((id) => [id, { stamped: 0, cascaded: 0, others: 0, othersCapped: false }]));
  for (const row of stamped) facts.get(row.batchId)!.stamped = row.n;
  for (const row of cascaded) facts.get(row.batchId)!.cascaded = row.n;
  for (const row of others) Object.assign(facts.get(row.batchId)!, { others: row.n, othersCapped: row.capped });
  return facts;
}

/** Names for every id the page mentions, each kind in one query. */
async function namesFor(rows: Row[]): Promise<Names> {
  const users = new Set<string>();
  const accounts = new Set<string>();
  const opportunities = new Set<string>();
  for (const row of rows) {
    for (const value of [row.from, row.to]) {
      if (!value || !UUID.test(value)) continue;
      if (USER_FIELDS(row.field)) users.add(value);
      else if (row.field === "parentId") accounts.add(value);
      else if (row.field === "merged_into" || (row.field === "opportunity" && UUID.test(value))) opportunities.add(value);
    }
  }
  const [userRows, accountRows, opportunityRows, roles] = await Promise.all([
    users.size ? db.user.findMany({ where: { id: { in: [...users] } }, select: { id: true, name: true } }) : [],
    accounts.size ? db.account.findMany({ where: { id: { in: [...accounts] } }, select: { id: true, name: true } }) : [],
    opportunities.size ? db.opportunity.findMany({ where: { id: { in: [...opportunities] } }, select: { id: true, name: true } }) : [],
    db.accountRole.findMany({ select: { key: true, label: true } }),
  ]);
  const map = (list: { id: string; name: string }[]) => new Map(list.map((item) => [item.id, item.name]));
  const [userNames, accountNames, opportunityNames] = [map(userRows), map(accountRows), map(opportunityRows)];
  // CSM and SA are what people call them; other roles go by their label.
  const roleNames = new Map<string, string>(roles.map((role) => [role.key, role.label]));
  roleNames.set("csm", "CSM").set("sa", "SA");
  return {
    user: (id) => userNames.get(id) ?? "a deleted user",
    account: (id) => accountNames.get(id) ?? "a deleted account",
    opportunity: (id) => opportunityNames.get(id) ?? "another opportunity",
    role: (key) => roleNames.get(key) ?? key,
  };
}

/** Fields an undo restores (undo-batch.ts refuses batches with others; this only decides whether to offer it). */
const UNDOABLE_FIELD = (field: string) => field.startsWith("team.") || field === "csm" || field === "csm_overridden";

/** For the page's batches: which were undone, by whom, and which are undos themselves. */
async function undoFacts(batchIds: string[]) {
  if (batchIds.length === 0) return { undone: new Map<string, string>(), undos: new Set<string>() };
  const rows = await db.$queryRaw<{ batchId: string; undoBatchId: string; by: string | null }[]>`
    SELECT b.batch_id::text AS "batchId", b.undo_batch_id::text AS "undoBatchId", u.name AS by
    FROM batch_undos b LEFT JOIN users u ON u.id = b.undone_by
    WHERE b.batch_id = ANY(${batchIds}::uuid[]) OR b.undo_batch_id = ANY(${batchIds}::uuid[])`;
  return {
    undone: new Map(rows.map((row) => [row.batchId, row.by ?? "a deleted user"])),
    undos: new Set(rows.map((row) => row.undoBatchId)),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * An account's or opportunity's history, newest first, as sentences: ids resolved to names, the
 * fields of one change read together, and for an account what its change did elsewhere ("stamped
 * 12 opportunities", "part of a change to 40 accounts"). Keyset pages of `limit` changes.
 */
export async function loadHistory(actor: Actor, input: HistoryQuery): Promise<HistoryPage> {
  authorize(actor, "audit.read");
  if (input.entityType === "csql") await getCsql(actor, input.entityId); // not found unless the CSQL is visible to them
  else authorize(actor, input.entityType === "account" ? "accounts.read" : "opportunities.read");
  const query = historyQuery.parse(input);
  const visibility = auditVisibility(actor);
  const rows = await pageRows(query);
  const groups: Row[][] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last[0].top === row.top) last.push(row);
    else groups.push([row]);
  }
  const page = groups.slice(0, query.limit);
  const names = await namesFor(page.flat());
  const batchIds = [...new Set(page.flatMap((group) => (group[0].batchId ? [group[0].batchId] : [])))];
  // Only a change of the CSM (directly, or by coming to inherit one) stamps or cascades.
  const csmBatchIds = [...new Set(page.flatMap((group) => (group[0].batchId && group.some((row) => CSM_FIELDS.has(row.field)) ? [group[0].batchId] : [])))];
  const [facts, undos] = await Promise.all([
    query.entityType === "account" ? accountBatchFacts(query.entityId, batchIds, csmBatchIds) : new Map<string, BatchFacts>(),
    undoFacts(batchIds),
  ]);
  const undoSince = Date.now() - UNDO_WINDOW_HOURS * 3600_000;

  const items = page.map((group): HistoryItem => {
    const head = group[0];
    const { phrases, details } = phrasesOf(query.entityType, group, names, head.actorId);
    const fact = head.batchId ? facts.get(head.batchId) : undefined;
    if (fact?.stamped) details.push(`stamped ${plural(fact.stamped, "opportunity", "opportunities")}`);
    if (fact && fact.others > 0) {
      // Capped: "1,000+ accounts" is the honest reading of a count we stopped early.
      details.push(`part of a change to ${(fact.others + 1).toLocaleString("en-US")}${fact.othersCapped ? "+" : ""} accounts`);
    }
    else if (fact?.cascaded && head.source !== "cascade") details.push(`${plural(fact.cascaded, "child account")} followed`);
    return {
      id: head.top.toString(),
      at: group.reduce((latest, row) => (row.at > latest ? row.at : latest), head.at).toISOString(),
      actor: head.actorId ? { id: head.actorId, name: head.actorName ?? "a deleted user" } : null,
      source: head.source,
      sentence: sentenceOf(head.actorId ? (head.actorName ?? "A deleted user") : null, phrases),
      details,
      via: viaOf(head.source, query.entityType),
      reason: group.map((row) => visibleReason(visibility, { entityType: query.entityType, reason: row.reason, batchId: row.batchId })).find(Boolean) ?? null,
      batchId: head.batchId,
      undo: {
        canUndo: Boolean(head.batchId) && can(actor.profile, "batches.undo") && head.at.getTime() > undoSince
          && !undos.undone.has(head.batchId!) && !undos.undos.has(head.batchId!) && group.every((row) => UNDOABLE_FIELD(row.field)),
        undoneBy: head.batchId ? (undos.undone.get(head.batchId) ?? null) : null,
        isUndo: head.batchId ? undos.undos.has(head.batchId) : false,
      },
    };
  });
  return { items, nextCursor: groups.length > query.limit ? page.at(-1)![0].top.toString() : null };
}
