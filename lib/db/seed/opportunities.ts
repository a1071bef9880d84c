import "server-only";
import type { SeedAccount, Segment } from "./accounts.ts";
import { type Copy, escapeText, type RowWriter } from "./copy.ts";
import { SA_ACTIVITIES } from "./names.ts";
import type { Rng } from "./random.ts";
import { currentHolder, holderAt } from "./team.ts";
import type { SeedUser } from "./users.ts";

export const OPPORTUNITY_COLUMNS = [
  "id", "external_id", "account_id", "name", "stage", "amount", "close_date", "created_at", "closed_at",
  "csm_id", "csm_overridden", "primary_sa_id", "merged_into_id", "version", "updated_at",
] as const;
export const SUPPORTING_SA_COLUMNS = ["opportunity_id", "user_id", "added_at"] as const;
export const ACTIVITY_COLUMNS = ["id", "user_id", "account_id", "opportunity_id", "occurred_at", "type", "subject", "created_at", "created_by"] as const;

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Enough SA activity for charts and comp flags at any size, without dominating the load time.
const ACTIVITY_CAP = 500_000;
const OPP_WEIGHT: Record<Segment, number> = { Strategic: 8, Enterprise: 4, "Mid-Market": 2, SMB: 1 };
const OPEN_STAGES = ["prospecting", "discovery", "proposal", "negotiation"] as const;
const EARLY = [0.35, 0.3, 0.2, 0.15];
const LATE = [0.1, 0.2, 0.3, 0.4];
const PRODUCTS = ["Analytics", "Premium Support", "Security Add-on", "API Access", "Sandbox", "Workflow Automation"];
// Kind of deal: weight, share of ARR (min, max), win rate.
const KINDS = [
  { kind: "renewal", weight: 0.35, share: [0.9, 1.15], win: 0.85 },
  { kind: "expansion", weight: 0.25, share: [0.08, 0.4], win: 0.55 },
  { kind: "new", weight: 0.12, share: [0.15, 0.6], win: 0.4 },
  { kind: "addon", weight: 0.13, share: [0.03, 0.15], win: 0.65 },
  { kind: "upsell", weight: 0.1, share: [0.05, 0.2], win: 0.5 },
  { kind: "services", weight: 0.05, share: [0.02, 0.1], win: 0.6 },
] as const;
const KIND_WEIGHTS = KINDS.map((k) => k.weight);
const KIND_INDEX: Record<string, number> = Object.fromEntries(KINDS.map((k, i) => [k.kind, i]));

/** Opportunities stream into their COPY as they are made; the other two wait for theirs. */
export type OpportunityOutput = { copy: Copy; opportunities: RowWriter; supportingSas: RowWriter; activities: RowWriter };

type Context = {
  rng: Rng; act: Rng; asOf: number; csms: SeedUser[]; sas: SeedUser[]; perOpp: number; perAccount: number;
  /** The family of opportunity ids (see RowWriter.idOf) and the CRM id prefix. */
  ids: number; crmPrefix: Uint8Array; labels: Map<number, string>;
};
type Targets = { indexes: number[]; titles: string[] };

/**
 * Streams every opportunity into its COPY and keeps supporting SAs and activities for theirs.
 * The invariant Roster enforces holds by construction: an open, non-overridden opportunity carries
 * its account's current CSM. Closed ones keep the CSM of the day they closed (history), and the
 * SA of the day they were created (SA stamping applies to new opportunities only).
 */
export async function writeOpportunities(
  rng: Rng, act: Rng, accounts: SeedAccount[], users: SeedUser[],
  { total, asOf, org }: { total: number; asOf: number; org: string },
  out: OpportunityOutput,
): Promise<void> {
  const counts = spread(rng, accounts, total);
  const expectedSaOpps = accounts.reduce((sum, a) => sum + counts[a.index] * (a.team.has("sa") ? 0.95 : 0.15), 0);
  // About 80% of opportunities live partly within the last year, the window activities cover.
  const perOpp = Math.min(2, ACTIVITY_CAP / Math.max(1, expectedSaOpps * 0.8 * 1.15));
  const ctx: Context = {
    rng, act, asOf, perOpp, perAccount: perOpp * 0.75,
    csms: users.filter((u) => u.active && (u.profile === "csm" || u.profile === "csm_manager")),
    sas: users.filter((u) => u.active && u.profile === "sa"),
    ids: rng.u32(), crmPrefix: Buffer.from(`006${org}00`), labels: new Map(),
  };
  const sizes = accounts.map((account) => account.whale || counts[account.index]);
  for (const [i, account] of accounts.entries()) if (sizes[i] === 0) accountActivities(ctx, account, out.activities);
  // Opportunities arrive as they are created over the years, each account's spread through the
  // whole table rather than written account by account. On disk that is what a real org looks
  // like, and it matters: a stamp rewrites an account's open opportunities in place only when
  // their pages have room (migration 0005), which a block of one account's rows would not have.
  const arrivals = new Arrivals(sizes, rng);
  const open: ({ targets: Targets; prefix: Buffer; left: number } | undefined)[] = new Array(accounts.length);
  let index = 0;
  for (let i = arrivals.next(); i >= 0; i = arrivals.next()) {
    const account = accounts[i];
    // The account part of every name, encoded once per account rather than once per row.
    const state = (open[i] ??= { targets: { indexes: [], titles: [] }, prefix: Buffer.from(`${escapeText(account.name)} — `), left: sizes[i] });
    writeOpportunity(ctx, account, state.prefix, index++, state.targets, out);
    if (out.opportunities.chunks.length > 0) await out.copy.send(out.opportunities);
    if (--state.left === 0) {
      accountActivities(ctx, account, out.activities);
      open[i] = undefined;
    }
  }
}

/**
 * The order opportunities arrive in: the k-th of an account with n comes at (k + phase) / n of the
 * way through, so every account's are spread evenly and accounts interleave. A binary min-heap on
 * that position, one entry per account still to come.
 */
class Arrivals {
  private readonly at: Float64Array;
  private readonly heap: Int32Array;
  private readonly done: Int32Array;
  private size = 0;

  constructor(private readonly sizes: number[], rng: Rng) {
    this.at = new Float64Array(sizes.length);
    this.heap = new Int32Array(sizes.length);
    this.done = new Int32Array(sizes.length);
    for (const [i, n] of sizes.entries()) {
      if (n === 0) continue;
      this.at[i] = rng.next() / n;
      this.push(i);
    }
  }

  /** The account whose opportunity comes next, or -1 when all have come. */
  next(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0];
    const n = this.sizes[top];
    if (++this.done[top] < n) {
      this.at[top] += 1 / n;
      this.down(0);
    } else {
      this.heap[0] = this.heap[--this.size];
      if (this.size > 0) this.down(0);
    }
    return top;
  }

  private push(account: number): void {
    let i = this.size++;
    this.heap[i] = account;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.at[this.heap[parent]] <= this.at[this.heap[i]]) break;
      [this.heap[parent], this.heap[i]] = [this.heap[i], this.heap[parent]];
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < this.size && this.at[this.heap[left]] < this.at[this.heap[least]]) least = left;
      if (right < this.size && this.at[this.heap[right]] < this.at[this.heap[least]]) least = right;
      if (least === i) return;
      [this.heap[least], this.heap[i]] = [this.heap[i], this.heap[least]];
      i = least;
    }
  }
}

function writeOpportunity(ctx: Context, account: SeedAccount, prefix: Buffer, index: number, targets: Targets, out: OpportunityOutput): void {
  const { rng, asOf } = ctx;
  const deal = rng.weighted(KINDS, KIND_WEIGHTS);
  const whale = account.whale > 0;
  const earliest = Math.max(asOf - 548 * DAY, account.createdAt + 45 * DAY);
  // Close dates: 30% in the next six months, the rest over the past eighteen (or the customer's life).
  const ahead = whale || earliest >= asOf || rng.chance(0.3);
  const closeMs = ahead ? asOf + rng.int(1, 183) * DAY : rng.int(earliest, asOf - 1);
  const closeDay = Math.floor(closeMs / DAY) * DAY;
  let created = Math.max(account.createdAt + DAY, closeDay - rng.int(30, 240) * DAY);
  // A deal closing far ahead was still opened in the past, recently more often than not.
  if (created > asOf - 2 * DAY) created = Math.max(account.createdAt + DAY, asOf - rng.int(2, 120) * DAY);
  created = Math.min(created, closeDay - 7 * DAY) + rng.int(8 * 3600, 19 * 3600) * 1000;
  const merge = !whale && targets.indexes.length > 0 && rng.chance(0.01) ? rng.int(0, targets.indexes.length - 1) : -1;
  // Open if the close date is ahead (a few close early), or it slipped past due in the last quarter.
  const open = whale || (merge < 0 && (closeDay >= asOf ? rng.chance(0.95) : asOf - closeDay < 90 * DAY && rng.chance(0.3)));
  let stage: string;
  let closedAt: number | null = null;
  if (open) {
    stage = rng.weighted(OPEN_STAGES, closeDay - asOf < 30 * DAY ? LATE : EARLY);
  } else {
    stage = merge >= 0 || !rng.chance(deal.win) ? "closed_lost" : "closed_won";
    const around = merge >= 0 ? created + rng.int(1, 20) * DAY : closeDay + rng.int(-20, 5) * DAY + rng.int(8 * 3600, 19 * 3600) * 1000;
    closedAt = Math.max(created + HOUR, Math.min(around, asOf - HOUR));
  }

  const arr = account.arrCents / 100;
  const dollars = deal.kind === "services" ? 5000 + arr * rng.between(deal.share[0], deal.share[1]) : arr * rng.between(deal.share[0], deal.share[1]);
  const amount = Math.max(500, Math.round(dollars / 100) * 100) * 100;

  const csmLine = account.team.get("csm");
  const saLine = account.team.get("sa");
  let csm = closedAt === null ? currentHolder(csmLine) : holderAt(csmLine, closedAt);
  let overridden = false;
  if (!whale && csm && ctx.csms.length > 1 && rng.chance(closedAt === null ? 0.02 : 0.01)) {
    const other = rng.pick(ctx.csms);
    if (other !== csm) [csm, overridden] = [other, true];
  }
  let sa = closedAt === null ? currentHolder(saLine) : holderAt(saLine, created);
  if (!whale) {
    const roll = rng.next();
    if (!sa) sa = roll < 0.15 && ctx.sas.length > 0 ? rng.pick(ctx.sas) : null;
    else if (roll < 0.05) sa = null;
    else if (roll < 0.1 && ctx.sas.length > 0) sa = rng.pick(ctx.sas);
  }

  // A merged opportunity was a duplicate: same name as the one it was merged into.
  const title = merge >= 0 ? targets.titles[merge] : label(ctx, deal.kind, closeMs);
  const w = out.opportunities.idOf(ctx.ids, index).crmId(ctx.crmPrefix, index, 6, rng, 3).plain(account.id).prefixed(prefix, title)
    .plain(stage).money(amount).date(closeDay).timestamp(created).maybeTimestamp(closedAt).maybe(csm?.id).bool(overridden).maybe(sa?.id);
  (merge >= 0 ? w.idOf(ctx.ids, targets.indexes[merge]) : w.nul()).plain("1").timestamp(closedAt ?? created).end();
  if (merge < 0) {
    targets.indexes.push(index);
    targets.titles.push(title);
  }

  const supporting: SeedUser[] = [];
  if (sa && !whale && ctx.sas.length > 2 && rng.chance(0.12)) {
    for (let i = rng.chance(0.25) ? 2 : 1; i > 0; i--) {
      const helper = rng.pick(ctx.sas);
      if (helper !== sa && !supporting.includes(helper)) supporting.push(helper);
    }
    for (const helper of supporting) {
      const added = Math.min(created + rng.int(1, 30) * DAY, closedAt ?? asOf - HOUR);
      out.supportingSas.idOf(ctx.ids, index).plain(helper.id).timestamp(added).end();
    }
  }
  if (sa && !whale) opportunityActivities(ctx, account, index, created, closedAt, sa, supporting, out.activities);
}

/** Deal names repeat a lot ("Renewal 2026"), so each is made once. */
function label(ctx: Context, kind: string, closeMs: number): string {
  const date = new Date(closeMs);
  const year = date.getUTCFullYear();
  const quarter = Math.floor(date.getUTCMonth() / 3) + 1;
  const product = kind === "upsell" ? ctx.rng.int(0, PRODUCTS.length - 1) : 0;
  const key = ((KIND_INDEX[kind] * 10 + product) * 10_000 + year) * 10 + quarter;
  let text = ctx.labels.get(key);
  if (text === undefined) {
    const fy = `FY${String(year % 100).padStart(2, "0")}`;
    text =
      kind === "renewal" ? `Renewal ${year}`
      : kind === "expansion" ? `Expansion ${fy}`
      : kind === "new" ? "New Business"
      : kind === "addon" ? `Add-on Seats Q${quarter} ${fy}`
      : kind === "upsell" ? `${PRODUCTS[product]} Upsell`
      : `Professional Services ${fy}`;
    ctx.labels.set(key, text);
  }
  return text;
}

/** SA work on a deal, inside its lifetime and the last twelve months; now and then by a helper. */
function opportunityActivities(ctx: Context, account: SeedAccount, oppIndex: number, created: number, closedAt: number | null, sa: SeedUser, supporting: SeedUser[], out: RowWriter): void {
  const { act, asOf } = ctx;
  const from = Math.max(created, asOf - 365 * DAY);
  const to = Math.min(closedAt ?? asOf, asOf);
  if (to <= from) return;
  for (let k = Math.floor(act.next() * (2 * ctx.perOpp + 1)); k > 0; k--) {
    const user = supporting.length > 0 && act.chance(0.25) ? act.pick(supporting) : sa;
    activity(ctx, out, user, account.id, oppIndex, workHours(act, act.int(from, to), from, to));
  }
}

/** Account-level SA work (QBRs, health checks) by whoever was the account's SA at the time. */
function accountActivities(ctx: Context, account: SeedAccount, out: RowWriter): void {
  const { act, asOf } = ctx;
  const line = account.team.get("sa");
  if (!line || account.whale > 0) return;
  const from = Math.max(account.createdAt, asOf - 365 * DAY);
  for (let k = Math.floor(act.next() * (2 * ctx.perAccount + 1)); k > 0; k--) {
    const at = workHours(act, act.int(from, asOf - HOUR), from, asOf - HOUR);
    activity(ctx, out, holderAt(line, at)!, account.id, -1, at);
  }
}

/** The same day between 8:00 and 18:00 UTC, when that stays within [from, to]. */
function workHours(act: Rng, at: number, from: number, to: number): number {
  const moved = Math.floor(at / DAY) * DAY + act.int(8 * 3600, 18 * 3600) * 1000;
  return moved >= from && moved <= to ? moved : at;
}

function activity(ctx: Context, out: RowWriter, user: SeedUser, accountId: string, oppIndex: number, at: number): void {
  const { act } = ctx;
  const kind = act.pick(SA_ACTIVITIES);
  const occurred = Math.floor(at / 1000) * 1000;
  const logged = Math.min(ctx.asOf, occurred + act.int(5, 240) * 60_000);
  out.uuid(act.u32(), act.u32(), act.u32(), act.u32()).plain(user.id).plain(accountId);
  (oppIndex >= 0 ? out.idOf(ctx.ids, oppIndex) : out.nul())
    .timestamp(occurred).plain(kind.type).plain(act.pick(kind.subjects)).timestamp(logged).plain(user.id)
    .end();
}

/** Opportunities per account: skewed towards big customers, summing exactly to `total`. */
function spread(rng: Rng, accounts: SeedAccount[], total: number): Int32Array {
  const counts = new Int32Array(accounts.length);
  const regular = accounts.filter((a) => a.whale === 0);
  if (regular.length === 0) return counts;
  const weights = regular.map((a) => OPP_WEIGHT[a.segment] * Math.exp(0.8 * rng.normal()));
  const sum = weights.reduce((a, b) => a + b, 0);
  let assigned = 0;
  regular.forEach((a, i) => {
    counts[a.index] = Math.floor((total * weights[i]) / sum + rng.next());
    assigned += counts[a.index];
  });
  while (assigned !== total) {
    const a = rng.pick(regular);
    if (assigned < total) (counts[a.index]++, assigned++);
    else if (counts[a.index] > 0) (counts[a.index]--, assigned--);
  }
  return counts;
}
