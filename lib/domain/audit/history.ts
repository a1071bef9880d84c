import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { AuditSource } from "@/lib/db/generated/enums.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { type HistoryEntry, type Names, phrasesOf, sentenceOf, viaOf } from "./history-sentences.ts";

export const historyQuery = z.object({
  entityType: z.enum(["account", "opportunity"]),
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
};
export type HistoryPage = { items: HistoryItem[]; nextCursor: string | null };

type Row = HistoryEntry & {
  id: bigint; at: Date; actorId: string | null; actorName: string | null; source: AuditSource;
  batchId: string | null; reason: string | null; top: bigint;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_FIELDS = (field: string) => field.startsWith("team.") || ["csm", "primary_sa", "supporting_sa"].includes(field);

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

/** For an account's batches: how many of its opportunities were stamped, how many other accounts changed. */
async function accountBatchFacts(accountId: string, batchIds: string[]) {
  if (batchIds.length === 0) return new Map<string, { stamped: number; cascaded: number; others: number }>();
  const [stamped, accounts] = await Promise.all([
    db.$queryRaw<{ batchId: string; n: number }[]>`
      SELECT e.batch_id::text AS "batchId", count(DISTINCT e.entity_id)::int AS n
      FROM audit_entries e
      WHERE e.batch_id = ANY(${batchIds}::uuid[]) AND e.entity_type = 'opportunity' AND e.field IN ('csm', 'csm_overridden')
        AND e.entity_id IN (SELECT o.id::text FROM opportunities o WHERE o.account_id = ${accountId}::uuid)
      GROUP BY 1`,
    db.$queryRaw<{ batchId: string; cascaded: number; others: number }[]>`
      SELECT batch_id::text AS "batchId",
        count(DISTINCT entity_id) FILTER (WHERE source = 'cascade')::int AS cascaded,
        count(DISTINCT entity_id) FILTER (WHERE source <> 'cascade')::int AS others
      FROM audit_entries
      WHERE batch_id = ANY(${batchIds}::uuid[]) AND entity_type = 'account' AND entity_id <> ${accountId}
      GROUP BY 1`,
  ]);
  const facts = new Map(batchIds.map((id) => [id, { stamped: 0, cascaded: 0, others: 0 }]));
  for (const row of stamped) facts.get(row.batchId)!.stamped = row.n;
  for (const row of accounts) Object.assign(facts.get(row.batchId)!, { cascaded: row.cascaded, others: row.others });
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
      else if (row.field === "merged_into") opportunities.add(value);
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

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * An account's or opportunity's history, newest first, as sentences: ids resolved to names, the
 * fields of one change read together, and for an account what its change did elsewhere ("stamped
 * 12 opportunities", "part of a change to 40 accounts"). Keyset pages of `limit` changes.
 */
export async function loadHistory(actor: Actor, input: HistoryQuery): Promise<HistoryPage> {
  authorize(actor, "audit.read");
  authorize(actor, input.entityType === "account" ? "accounts.read" : "opportunities.read");
  const query = historyQuery.parse(input);
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
  const facts = query.entityType === "account" ? await accountBatchFacts(query.entityId, batchIds) : new Map();

  const items = page.map((group): HistoryItem => {
    const head = group[0];
    const { phrases, details } = phrasesOf(query.entityType, group, names, head.actorId);
    const fact = head.batchId ? facts.get(head.batchId) : undefined;
    if (fact?.stamped) details.push(`stamped ${plural(fact.stamped, "opportunity", "opportunities")}`);
    if (fact && fact.others > 0) details.push(`part of a change to ${plural(fact.others + 1, "account")}`);
    else if (fact?.cascaded && head.source !== "cascade") details.push(`${plural(fact.cascaded, "child account")} followed`);
    return {
      id: head.top.toString(),
      at: group.reduce((latest, row) => (row.at > latest ? row.at : latest), head.at).toISOString(),
      actor: head.actorId ? { id: head.actorId, name: head.actorName ?? "a deleted user" } : null,
      source: head.source,
      sentence: sentenceOf(head.actorId ? (head.actorName ?? "A deleted user") : null, phrases),
      details,
      via: viaOf(head.source, query.entityType),
      reason: group.find((row) => row.reason)?.reason ?? null,
      batchId: head.batchId,
    };
  });
  return { items, nextCursor: groups.length > query.limit ? page.at(-1)![0].top.toString() : null };
}
