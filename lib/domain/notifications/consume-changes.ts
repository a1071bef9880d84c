import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { readChanges } from "@/lib/domain/changes/queries.ts";
import { sequenceChanges } from "@/lib/domain/changes/sequence-changes.ts";
import { type ChangeView, decodeCursor } from "@/lib/domain/changes/schemas.ts";
import { csmRecipients, type Draft, deriveNotifications, type Names } from "./derive.ts";
import { deliverDrafts } from "./deliver-drafts.ts";

const CONSUMER_LOCK = 0x1573_0019;
const PAGE = 1000;

/**
 * Reads the change feed past the consumer's position and turns it into notifications and queued
 * emails. Each page is one transaction with the new position, under an advisory lock (one
 * consumer at a time, on any instance): a crash rolls back the page whole, so nothing is lost and
 * nothing told twice. Cheap when nothing is new, so readers of notifications call it too.
 */
export async function consumeChanges({ maxPages = 20 } = {}): Promise<{ notifications: number; emails: number }> {
  await sequenceChanges();
  const total = { notifications: 0, emails: 0 };
  for (let page = 0; page < maxPages; page++) {
    const done = await db.$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${CONSUMER_LOCK}) AS locked`;
      if (!lock?.locked) return null;
      const [state] = await tx.$queryRaw<{ position: bigint; after: bigint }[]>`
        SELECT position, after_audit_id AS after FROM notification_consumer WHERE id = 1 FOR UPDATE`;
      if (!state) return null;
      const changes = await readChanges(state.position, PAGE);
      if (changes.length === 0) return null;
      const fresh = changes.filter((change) => BigInt(change.id) > state.after);
      const drafts = fresh.length ? [...deriveNotifications(fresh, await namesFor(tx, fresh)), ...(await overCapacity(tx, fresh))] : [];
      const written = await deliverDrafts(tx, drafts);
      const last = decodeCursor(changes[changes.length - 1]!.cursor)!;
      await tx.$executeRaw`UPDATE notification_consumer SET position = ${last} WHERE id = 1`;
      return { ...written, more: changes.length === PAGE };
    }, { timeout: 60_000 });
    if (!done) break;
    total.notifications += done.notifications;
    total.emails += done.emails;
    if (!done.more) break;
  }
  total.notifications += await notifyDisabledEndpoints();
  total.notifications += await notifySalesforceFailing();
  return total;
}

/**
 * Admins hear when an endpoint was switched off (410 Gone, or a day of failures): once per
 * switch-off, whichever instance notices first (the source key is unique per person).
 */
async function notifyDisabledEndpoints(): Promise<number> {
  const rows = await db.$queryRaw<{ id: string; url: string; reason: string; disabledAt: Date }[]>`
    SELECT id::text, url, disabled_reason AS reason, disabled_at AS "disabledAt" FROM webhook_endpoints
    WHERE NOT active AND disabled_reason IS NOT NULL AND disabled_at > now() - interval '7 days'`;
  if (rows.length === 0) return 0;
  const admins = await db.user.findMany({ where: { profile: "admin", active: true }, select: { id: true } });
  const drafts: Draft[] = rows.flatMap((row) => admins.map((admin) => ({
    userId: admin.id, type: "webhook_disabled" as const, sourceKey: `webhook_disabled:${row.id}:${row.disabledAt.toISOString()}`,
    title: `Webhook endpoint switched off: ${row.url}`, body: `${row.reason} Fix the receiver, then switch it on again.`, link: `/admin/webhooks/${row.id}`,
  })));
  return (await deliverDrafts(db, drafts)).notifications;
}

/** How long the Salesforce sync may fail (every run a minute) before admins hear of it. */
const SALESFORCE_FAILING_MINUTES = 15;

/**
 * Admins hear when the Salesforce sync has been failing for a while (credentials refused,
 * Salesforce away), or when records were given up on: once per failing spell, keyed by its start.
 */
async function notifySalesforceFailing(): Promise<number> {
  const [row] = await db.$queryRaw<{ failingSince: Date | null; lastError: string | null; failed: number }[]>`
    SELECT failing_since AS "failingSince", last_error AS "lastError",
      (SELECT count(*)::int FROM salesforce_pending WHERE status = 'failed') AS failed
    FROM salesforce_sync WHERE id = 1 AND failing_since < now() - make_interval(mins => ${SALESFORCE_FAILING_MINUTES})`;
  if (!row?.failingSince) return 0;
  const admins = await db.user.findMany({ where: { profile: "admin", active: true }, select: { id: true } });
  const drafts: Draft[] = admins.map((admin) => ({
    userId: admin.id, type: "salesforce_failing" as const, sourceKey: `salesforce_failing:${row.failingSince!.toISOString()}`,
    title: "The Salesforce sync is failing", link: "/admin/salesforce",
    body: `${row.lastError ?? "Runs fail."} Coverage changes wait in Roster and go out once it works again.`.slice(0, 2000),
  }));
  return (await deliverDrafts(db, drafts)).notifications;
}

async function namesFor(tx: Tx, changes: ChangeView[]): Promise<Names> {
  const ids = (pick: (change: ChangeView) => (string | null | undefined)[]) =>
    [...new Set(changes.flatMap(pick).filter((value): value is string => !!value && /^[0-9a-f-]{36}$/i.test(value)))];
  const userIds = ids((change) => [change.actor?.id, change.from, change.to]);
  const accountIds = ids((change) => [change.entityType === "account" ? change.entityId : null]);
  const opportunityIds = ids((change) => [change.entityType === "opportunity" ? change.entityId : null]);
  const csqlIds = ids((change) => [change.entityType === "csql" ? change.entityId : null]);
  const [users, accounts, opportunities, csqls, roles] = await Promise.all([
    tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    tx.account.findMany({ where: { id: { in: accountIds } }, select: { id: true, name: true } }),
    tx.opportunity.findMany({ where: { id: { in: opportunityIds } }, select: { id: true, name: true, accountId: true } }),
    tx.csql.findMany({ where: { id: { in: csqlIds } }, select: { id: true, title: true, createdBy: true } }),
    tx.accountRole.findMany({ select: { key: true, label: true } }),
  ]);
  const map = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
  const [u, a, o, c] = [map(users), map(accounts), map(opportunities), map(csqls)];
  const r = new Map(roles.map((role) => [role.key, role.label]));
  return {
    user: (id) => u.get(id)?.name ?? "someone",
    account: (id) => a.get(id)?.name ?? "an account",
    role: (key) => r.get(key) ?? key,
    opportunity: (id) => o.get(id),
    csql: (id) => c.get(id),
  };
}

/** A rep who now holds more CSM accounts than their capacity: their manager hears of it, once per change. */
async function overCapacity(tx: Tx, changes: ChangeView[]): Promise<Draft[]> {
  const recipients = csmRecipients(changes);
  if (recipients.size === 0) return [];
  const rows = await tx.$queryRaw<{ id: string; name: string; managerId: string; capacity: number; held: number }[]>`
    SELECT u.id::text, u.name, u.manager_id::text AS "managerId", u.capacity,
      (SELECT count(*)::int FROM account_role_assignments h WHERE h.role_key = 'csm' AND h.user_id = u.id) AS held
    FROM users u WHERE u.id = ANY(${[...recipients.keys()]}::uuid[]) AND u.manager_id IS NOT NULL AND u.capacity IS NOT NULL`;
  return rows.filter((row) => row.held > row.capacity).map((row) => ({
    userId: row.managerId, type: "over_capacity" as const, sourceKey: `over_capacity:${row.id}:${recipients.get(row.id)}`,
    title: `${row.name} is over capacity (${row.held}/${row.capacity} accounts)`,
    body: "Consider moving some of their accounts: the workload page suggests which.", link: `/workload?managerId=${row.managerId}`,
  }));
}
