import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import { changesAt } from "@/lib/domain/changes/queries.ts";
import { sendWebhook, type SendResult } from "./send.ts";

export type DeliverOptions = {
  /** How many endpoint+account lines one round claims. */
  limit?: number;
  /** How many deliveries of one line a round sends, one after another. */
  perLine?: number;
  /** How long a claim holds before another sender may take the row (longer than a send's 10 s). */
  leaseSeconds?: number;
  /** First retry delay; doubles per attempt up to an hour, with jitter. */
  retryBaseMs?: number;
  /** How long a delivery is retried before it fails and its endpoint is disabled. */
  giveUpAfterMs?: number;
};

const RETRY_BASE_MS = () => Number(process.env.ROSTER_WEBHOOKS_RETRY_BASE_MS ?? 5_000);
const DAY_MS = 24 * 60 * 60 * 1000;

type Claimed = {
  id: bigint; endpointId: string; orderKey: string; position: bigint | null; changeId: bigint | null; type: string; payload: unknown;
  url: string; secret: string; previousSecret: string | null;
};

/**
 * Claims due deliveries, line by line: a line is one endpoint+account, sent in feed order, never two
 * in flight. A line is claimable when its oldest pending delivery is due and not leased (or its
 * lease expired: its sender died); the claim takes that head and the next pending ones behind it
 * (up to `perLine`), which the sender sends one after another. FOR UPDATE SKIP LOCKED lets any
 * number of senders (instances) claim at once without waiting on or taking each other's rows; the
 * lease written here keeps the rows claimed after this statement commits, and while a line's head
 * is leased no other sender sees that line as claimable.
 */
export async function claimDeliveries(lines: number, leaseSeconds: number, token: string, perLine = 1): Promise<Claimed[]> {
  return db.$queryRaw<Claimed[]>`
    WITH heads AS (
      SELECT d.id, d.endpoint_id, d.order_key, d.position FROM webhook_deliveries d
      JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.active
      WHERE d.status = 'pending' AND d.next_attempt_at <= now()
        AND (d.leased_until IS NULL OR d.leased_until < now())
        AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries p
          WHERE p.endpoint_id = d.endpoint_id AND p.order_key = d.order_key AND p.status = 'pending' AND p.position < d.position)
      ORDER BY d.next_attempt_at, d.id
      LIMIT ${lines}
      FOR UPDATE OF d SKIP LOCKED
    ), followers AS (
      SELECT f.id FROM heads h CROSS JOIN LATERAL (
        SELECT d.id FROM webhook_deliveries d
        WHERE h.position IS NOT NULL AND d.endpoint_id = h.endpoint_id AND d.order_key = h.order_key
          AND d.status = 'pending' AND d.position > h.position
        ORDER BY d.position LIMIT ${perLine - 1}
        FOR UPDATE OF d SKIP LOCKED
      ) f
    ), claimed AS (
      SELECT id FROM heads UNION ALL SELECT id FROM followers
    )
    UPDATE webhook_deliveries d
    SET leased_until = now() + make_interval(secs => ${leaseSeconds}), lease_token = ${token}::uuid
    FROM claimed, webhook_endpoints e
    WHERE d.id = claimed.id AND e.id = d.endpoint_id
    RETURNING d.id, d.endpoint_id AS "endpointId", d.order_key AS "orderKey", d.position, d.change_id AS "changeId", d.type, d.payload,
      e.url, e.secret, CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS "previousSecret"`;
}

/**
 * Writes the outcomes of one round. Only rows still leased with this round's token are touched: a
 * sender that overran its lease finds its row taken by another and leaves it alone. A 410 disables
 * the endpoint; so does a delivery that has failed for a day (it is marked failed, and the next
 * ones of its line may go once an admin enables the endpoint again).
 */
async function recordOutcomes(token: string, sent: Claimed[], results: SendResult[], unsent: Claimed[], options: Required<DeliverOptions>) {
  const claimed = sent;
  await db.$executeRaw`
    WITH released AS (
      UPDATE webhook_deliveries SET leased_until = NULL, lease_token = NULL
      WHERE id = ANY(${unsent.map((row) => row.id)}::bigint[]) AND lease_token = ${token}::uuid
    ), r AS (
      SELECT * FROM unnest(${claimed.map((row) => row.id)}::bigint[], ${results.map((r) => r.ok)}::boolean[],
        ${results.map((r) => r.statusCode)}::int[], ${results.map((r) => r.error)}::text[], ${results.map((r) => r.latencyMs)}::int[])
        AS r(id, ok, code, error, latency)
    ), updated AS (
      UPDATE webhook_deliveries d SET
        attempts = d.attempts + 1, first_attempt_at = coalesce(d.first_attempt_at, now()),
        status = CASE WHEN r.ok THEN 'delivered'
                      WHEN d.first_attempt_at < now() - make_interval(secs => ${options.giveUpAfterMs / 1000}) THEN 'failed'
                      ELSE 'pending' END,
        delivered_at = CASE WHEN r.ok THEN now() END,
        last_status_code = r.code, last_error = r.error, latency_ms = r.latency,
        leased_until = NULL, lease_token = NULL,
        next_attempt_at = CASE WHEN r.ok THEN d.next_attempt_at ELSE now() + make_interval(secs =>
          least(${options.retryBaseMs / 1000}::float8 * 2 ^ least(d.attempts, 20), 3600) * (0.5 + random() / 2)) END
      FROM r WHERE d.id = r.id AND d.lease_token = ${token}::uuid
      RETURNING d.endpoint_id, d.status, r.code
    )
    UPDATE webhook_endpoints e SET active = false, disabled_at = now(), updated_at = now(),
      disabled_reason = CASE WHEN bool_or_code.gone THEN 'The endpoint answered 410 Gone.' ELSE 'Deliveries failed for a day.' END
    FROM (SELECT endpoint_id, bool_or(code = 410) AS gone FROM updated WHERE code = 410 OR status = 'failed' GROUP BY endpoint_id) bool_or_code
    WHERE e.id = bool_or_code.endpoint_id AND e.active`;
}

/** The JSON body of a change's webhook: the contract's `{id, type, timestamp, data}`. */
async function bodiesOf(claimed: Claimed[]): Promise<Map<bigint, { messageId: string; body: string }>> {
  const changes = await changesAt(claimed.flatMap((row) => (row.position === null ? [] : [row.position])));
  const bodies = new Map<bigint, { messageId: string; body: string }>();
  for (const row of claimed) {
    if (row.position === null) {
      const payload = row.payload as { id: string };
      bodies.set(row.id, { messageId: payload.id, body: JSON.stringify(payload) });
      continue;
    }
    const change = changes.get(row.position);
    if (!change) continue;
    const messageId = `chg_${change.id}`;
    bodies.set(row.id, { messageId, body: JSON.stringify({ id: messageId, type: change.type, timestamp: change.at, data: change }) });
  }
  return bodies;
}

/**
 * One round: claim lines, send each line's deliveries one after another (lines in parallel), stop
 * a line at its first failure, and stop starting new sends once half the lease is spent (a send
 * takes at most 10 s, so every send ends inside the lease). What was not sent is released.
 */
export async function deliverDue(options: DeliverOptions = {}): Promise<{ claimed: number; delivered: number }> {
  const settings: Required<DeliverOptions> = {
    limit: options.limit ?? 200,
    perLine: options.perLine ?? 50,
    leaseSeconds: options.leaseSeconds ?? 60,
    retryBaseMs: options.retryBaseMs ?? RETRY_BASE_MS(),
    giveUpAfterMs: options.giveUpAfterMs ?? DAY_MS,
  };
  const token = randomUUID();
  const claimed = await claimDeliveries(settings.limit, settings.leaseSeconds, token, settings.perLine);
  if (claimed.length === 0) return { claimed: 0, delivered: 0 };
  const bodies = await bodiesOf(claimed);
  const lines = new Map<string, Claimed[]>();
  for (const row of claimed) {
    const key = `${row.endpointId} ${row.orderKey}`;
    lines.set(key, [...(lines.get(key) ?? []), row]);
  }
  const stopStartingAt = Date.now() + (settings.leaseSeconds * 1000) / 2;
  const sent: Claimed[] = [];
  const results: SendResult[] = [];
  const unsent: Claimed[] = [];
  await Promise.all([...lines.values()].map(async (line) => {
    line.sort((a, b) => Number((a.position ?? 0n) - (b.position ?? 0n)));
    for (let index = 0; index < line.length; index++) {
      const row = line[index]!;
      if (Date.now() > stopStartingAt) {
        unsent.push(...line.slice(index));
        return;
      }
      const message = bodies.get(row.id);
      const secrets = row.previousSecret ? [row.secret, row.previousSecret] : [row.secret];
      const result = message
        ? await sendWebhook(row.url, secrets, message.messageId, message.body)
        : { ok: false, statusCode: null, error: "The change is missing.", latencyMs: 0 };
      sent.push(row);
      results.push(result);
      if (!result.ok) {
        unsent.push(...line.slice(index + 1));
        return;
      }
    }
  }));
  await recordOutcomes(token, sent, results, unsent, settings);
  return { claimed: claimed.length, delivered: results.filter((result) => result.ok).length };
}
