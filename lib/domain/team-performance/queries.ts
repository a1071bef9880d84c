import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Profile } from "@/lib/db/generated/enums.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { invalidFields } from "@/lib/errors/domain-error.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import type { TeamPerformance, TeamPerformanceQuery } from "./schemas.ts";

type Row = {
  id: string; email: string; name: string; profile: Profile; active: boolean; managerId: string | null; capacity: number | null;
  accounts: number; arr: string; mrr: string; scores: Record<string, string | number> | null;
  counts: Record<string, Record<string, number>> | null;
};

/**
 * Insights → Team performance: per holder of a role, their accounts, ARR, MRR (ARR / 12), the
 * average of each score field and the spread of each picklist over the accounts they hold. One
 * set-based query: the held accounts once (filtered by hierarchy, segment and region), joined to
 * the field values through the side table's primary key; averages and sums stay numeric in SQL.
 * Every active user eligible for the role is listed, so an empty book shows as 0.
 */
export async function getTeamPerformance(actor: Actor, query: TeamPerformanceQuery): Promise<TeamPerformance> {
  authorize(actor, "teamPerformance.read");
  const [fields, role] = await Promise.all([
    fieldDefinitions(),
    db.accountRole.findUnique({ where: { key: query.role }, select: { key: true } }),
  ]);
  if (!role) throw invalidFields({ role: "No such role." });
  const scoreFields = fields.filter((field) => field.score);
  let picklists = fields.filter((field) => field.type === "picklist");
  if (query.picklist) {
    picklists = picklists.filter((field) => field.key === query.picklist);
    if (picklists.length === 0) throw invalidFields({ picklist: "No such picklist field." });
  }
  const scoreKeys = scoreFields.map((field) => field.key);
  const picklistKeys = picklists.map((field) => field.key);

  const rows = await db.$queryRaw<Row[]>`
    WITH held AS MATERIALIZED (
      SELECT ara.user_id, ara.account_id, acc.arr
      FROM account_role_assignments ara JOIN accounts acc ON acc.id = ara.account_id
      WHERE ara.role_key = ${query.role} AND ara.user_id IS NOT NULL
        ${query.parentsOnly ? Prisma.sql`AND acc.parent_id IS NULL` : Prisma.empty}
        ${query.segment ? Prisma.sql`AND acc.segment = ${query.segment}` : Prisma.empty}
        ${query.region ? Prisma.sql`AND acc.region = ${query.region}` : Prisma.empty}
    ), totals AS (
      SELECT user_id, count(*)::int AS accounts, coalesce(sum(arr), 0) AS arr FROM held GROUP BY user_id
    ), scores AS (
      SELECT user_id, jsonb_object_agg(field_key, average) AS scores FROM (
        SELECT h.user_id, v.field_key, round(avg(v.num), 2) AS average
        FROM held h JOIN account_field_values v ON v.account_id = h.account_id AND v.field_key = ANY(${scoreKeys}::text[])
        GROUP BY 1, 2) s
      GROUP BY user_id
    ), spread AS (
      SELECT user_id, jsonb_object_agg(field_key, options) AS counts FROM (
        SELECT user_id, field_key, jsonb_object_agg(text, n) AS options FROM (
          SELECT h.user_id, v.field_key, v.text, count(*)::int AS n
          FROM held h JOIN account_field_values v ON v.account_id = h.account_id AND v.field_key = ANY(${picklistKeys}::text[])
          GROUP BY 1, 2, 3) c
        GROUP BY 1, 2) f
      GROUP BY user_id
    ), people AS (
      SELECT u.id FROM users u JOIN account_roles r ON r.key = ${query.role}
      WHERE u.active AND u.profile = ANY (r.eligible_profiles)
      UNION SELECT user_id FROM totals
    )
    SELECT u.id::text, u.email, u.name, u.profile::text AS profile, u.active, u.manager_id::text AS "managerId", u.capacity,
      coalesce(t.accounts, 0) AS accounts, coalesce(t.arr, 0)::text AS arr, round(coalesce(t.arr, 0) / 12, 2)::text AS mrr,
      s.scores, sp.counts
    FROM people p
    JOIN users u ON u.id = p.id
    LEFT JOIN totals t ON t.user_id = u.id
    LEFT JOIN scores s ON s.user_id = u.id
    LEFT JOIN spread sp ON sp.user_id = u.id
    ${query.managerId ? Prisma.sql`WHERE u.manager_id = ${query.managerId}::uuid` : Prisma.empty}
    ORDER BY u.name, u.id`;

  return {
    items: rows.map((row) => ({
      user: { id: row.id, email: row.email, name: row.name, profile: row.profile, active: row.active, managerId: row.managerId, capacity: row.capacity },
      accounts: row.accounts,
      arr: Number(row.arr),
      mrr: Number(row.mrr),
      scores: Object.fromEntries(scoreKeys.map((key) => [key, row.scores?.[key] == null ? null : Number(row.scores[key])])),
      counts: Object.fromEntries(picklistKeys.map((key) => [key, row.counts?.[key] ?? {}])),
    })),
    scoreFields: scoreFields.map(({ key, label }) => ({ key, label })),
    picklists: picklists.map(({ key, label, options }) => ({ key, label, options: options ?? [] })),
  };
}
