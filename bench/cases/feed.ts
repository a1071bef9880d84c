// The change feed's cost on writers, and webhook delivery throughput (issue 15).
//   * The whale stamp and a book transfer with the feed against the same without it: "without" is
//     the feed's only write-path part switched off (audit_entries.txid's default and its index,
//     migration 0011), so the difference is what the feed costs every writer. Publishing
//     (the sequencer) runs after commit and is reported on its own.
//   * Events per second from the feed to a local HTTP receiver: fan-out, claims, signing, POSTs.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { transferBook } from "../../lib/domain/transfers/transfer-book.ts";
import { sequenceChanges } from "../../lib/domain/changes/sequence-changes.ts";
import { createWebhook } from "../../lib/domain/webhooks/create-webhook.ts";
import { deleteWebhook } from "../../lib/domain/webhooks/delete-webhook.ts";
import { pumpWebhooks } from "../../lib/domain/webhooks/pump.ts";
import type { BenchContext } from "../context.ts";
import { collector, countResult, ratioResult, timedResult, timeOnce } from "../measure.ts";
import { importFile } from "./imports.ts";
import { viaDomain, whale } from "./stamping.ts";

async function setFeed(ctx: BenchContext, on: boolean): Promise<void> {
  if (on) {
    await ctx.pool.query("ALTER TABLE audit_entries ALTER COLUMN txid SET DEFAULT pg_current_xact_id()");
    await ctx.pool.query("CREATE INDEX IF NOT EXISTS audit_entries_txid_idx ON audit_entries (txid)");
  } else {
    await ctx.pool.query("DROP INDEX IF EXISTS audit_entries_txid_idx");
    await ctx.pool.query("ALTER TABLE audit_entries ALTER COLUMN txid SET DEFAULT '1'");
  }
  await ctx.pool.query("ANALYZE audit_entries");
}

/** Runs `variants` in alternating blocks (feed on, off, on, off …): the switch rebuilds an index, so not per run. */
async function onAndOff(ctx: BenchContext, blocks: number, perBlock: number, run: () => Promise<{ rows: number }>) {
  const on = collector();
  const off = collector();
  try {
    for (let block = 0; block < blocks * 2; block++) {
      const feed = block % 2 === 0;
      await setFeed(ctx, feed);
      await run(); // untimed: the first run after a switch pays for plans and caches
      for (let r = 0; r < perBlock; r++) {
        const once = await timeOnce(run);
        (feed ? on : off).add(once.ms, once.cpu, once.rows);
      }
    }
  } finally {
    await setFeed(ctx, true);
  }
  return { on: on.measured, off: off.measured };
}

async function writeCosts(ctx: BenchContext) {
  const [small] = ctx.size.whales;
  const subject = await whale(ctx, small);
  ctx.log(`feed: whale stamp of ${subject.open} open opportunities with and without the feed`);
  const stamp = await onAndOff(ctx, 3, ctx.runs(4, 3), () => viaDomain(ctx, subject));
  const group = "feed write cost";
  const withFeed = timedResult(group, `stamp whale ${small.toLocaleString("en-US")}: with the feed`, stamp.on, { kind: "none" });
  const without = timedResult(group, `stamp whale ${small.toLocaleString("en-US")}: without the feed`, stamp.off, { kind: "none" });
  ctx.report(withFeed);
  ctx.report(without);
  ctx.report(ratioResult(group, "whale stamp: with feed / without", withFeed, without, { kind: "ratioMax", times: 1.15 }));

  const published = await timeOnce(async () => ({ rows: (await sequenceChanges())?.published ?? 0 }));
  ctx.report({ ...countResult(group, "publish the stamps to the feed (after commit)", published.ms, { kind: "none" }),
    value: null, p50: published.ms, p95: published.ms, runs: 1, rows: published.rows, verdict: "INFO",
    note: "the sequencer, off the write path" });

  await bookTransferCost(ctx, group);
  await sequenceChanges();
}

/**
 * A book of 20,000 accounts (2,000 `--small`) handed from one CSM to another and back, with and
 * without the feed. The book is the CSM's own accounts plus accounts of the bench's own, each with
 * two open opportunities, given to them by an assignments import (the domain's path, untimed) and
 * removed afterwards. An even number of transfers leaves the CSM's own book where it was.
 */
async function bookTransferCost(ctx: BenchContext, group: string) {
  const extra = ctx.small ? 2_000 : 20_000;
  const tag = `bench-book-${randomUUID().slice(0, 8)}`;
  const { rows: [from] } = await ctx.pool.query<{ id: string; email: string; accounts: number }>(`
    SELECT h.user_id::text AS id, u.email, count(*)::int AS accounts FROM account_role_assignments h JOIN users u ON u.id = h.user_id
    WHERE h.role_key = 'csm' AND u.active GROUP BY h.user_id, u.email ORDER BY count(*) DESC LIMIT 1`);
  const { rows: [to] } = await ctx.pool.query<{ id: string }>(
    "SELECT id::text FROM users WHERE profile = 'csm' AND active AND id <> $1::uuid ORDER BY email LIMIT 1", [from!.id]);
  await ctx.pool.query(`
    INSERT INTO accounts (external_id, name, segment)
    SELECT $1 || '-' || g, 'Bench book ' || $1 || ' ' || g, 'Bench' FROM generate_series(1, $2::int) g`, [tag, extra]);
  await ctx.pool.query(`
    INSERT INTO opportunities (account_id, name, close_date)
    SELECT a.id, 'Bench renewal ' || n, current_date + 30 * n FROM accounts a CROSS JOIN generate_series(1, 2) n
    WHERE a.external_id LIKE $1`, [`${tag}-%`]);
  await ctx.pool.query("ANALYZE accounts, opportunities");
  try {
    const lines = ["account_external_id,csm"];
    for (let i = 1; i <= extra; i++) lines.push(`${tag}-${i},${from!.email}`);
    const given = await importFile(ctx, new TextEncoder().encode(`${lines.join("\n")}\n`), `${tag}.csv`);
    if (given.status !== "succeeded") throw new Error(`feed: the book's import ${given.status}`);
    const book = from!.accounts + extra;
    const holders = [from!.id, to!.id];
    ctx.log(`feed: book transfer of ${book.toLocaleString("en-US")} accounts (CSM) with and without the feed`);
    const transfer = await onAndOff(ctx, 2, ctx.runs(3, 3), async () => {
      const result = await transferBook({ actor: ctx.actor, source: "ui" }, { roleKey: "csm", fromUserId: holders[0]!, toUserId: holders[1]!, dryRun: false });
      holders.reverse();
      return { rows: result.accounts + result.opportunities };
    });
    const label = `transfer ${book.toLocaleString("en-US")} accounts`;
    const transferOn = timedResult(group, `${label}: with the feed`, transfer.on, { kind: "none" });
    const transferOff = timedResult(group, `${label}: without the feed`, transfer.off, { kind: "none" });
    ctx.report(transferOn);
    ctx.report(transferOff);
    ctx.report(ratioResult(group, "book transfer: with feed / without", transferOn, transferOff, { kind: "ratioMax", times: 1.15 }));
  } finally {
    await ctx.pool.query("DELETE FROM opportunities WHERE account_id IN (SELECT id FROM accounts WHERE external_id LIKE $1)", [`${tag}-%`]);
    await ctx.pool.query("DELETE FROM account_role_assignments WHERE account_id IN (SELECT id FROM accounts WHERE external_id LIKE $1)", [`${tag}-%`]);
    await ctx.pool.query("DELETE FROM accounts WHERE external_id LIKE $1", [`${tag}-%`]);
    await ctx.pool.query("VACUUM ANALYZE accounts, account_role_assignments, opportunities, open_opportunity_totals");
  }
}

async function throughput(ctx: BenchContext) {
  process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = "1";
  let received = 0;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bench`;
  await sequenceChanges();
  const endpoint = await createWebhook({ actor: ctx.actor, source: "ui" }, { url, eventTypes: ["account.updated"] });
  try {
    const accounts = ctx.runs(2_000, 1_000);
    const perAccount = 5;
    const events = accounts * perAccount;
    // Five changes on each of many accounts, committed at once: account lines are sent in order,
    // so this is the shape under which the sender can use its parallelism.
    await ctx.pool.query(`
      INSERT INTO audit_entries (source, entity_type, entity_id, field, from_value, to_value)
      SELECT 'api', 'account', a.id::text, 'bench_ping', NULL, g::text
      FROM (SELECT id FROM accounts ORDER BY id LIMIT $1) a CROSS JOIN generate_series(1, $2) g
      ORDER BY g, a.id`, [accounts, perAccount]);
    ctx.log(`feed: delivering ${events} events on ${accounts} accounts to a local receiver`);
    const started = performance.now();
    while (received < events) {
      const { delivered, busy } = await pumpWebhooks({ budgetMs: 60_000 });
      if (delivered === 0 && !busy) break;
    }
    const ms = performance.now() - started;
    const perSecond = Math.round((received / ms) * 1000);
    ctx.report({ ...countResult("feed delivery", "webhook deliveries per second to a local receiver", perSecond, { kind: "none" }),
      value: perSecond, unit: "/s", p50: null, p95: null, runs: 1, rows: received,
      verdict: received === events && perSecond >= 1_000 ? "PASS" : "MISS",
      note: `goal ≥ 1,000/s; ${received} of ${events} in ${Math.round(ms)} ms, incl. publish and fan-out` });
  } finally {
    await deleteWebhook({ actor: ctx.actor, source: "ui" }, endpoint.id);
    receiver.closeAllConnections();
    receiver.close();
  }
}

export async function feedCases(ctx: BenchContext): Promise<void> {
  await writeCosts(ctx);
  await throughput(ctx);
}
