import "server-only";
import type { Profile } from "@/lib/db/generated/enums.ts";
import type { SeedAccount, Segment, Timeline } from "./accounts.ts";
import type { Rng } from "./random.ts";
import { REGIONS, type SeedUser } from "./users.ts";

const DAY = 86_400_000;

// Share of accounts with a holder, by segment: bigger customers get more coverage.
const COVERAGE: Record<string, Record<Segment, number>> = {
  csm: { Strategic: 1, Enterprise: 0.97, "Mid-Market": 0.92, SMB: 0.85 },
  sa: { Strategic: 0.95, Enterprise: 0.85, "Mid-Market": 0.65, SMB: 0.45 },
  renewal_manager: { Strategic: 0.8, Enterprise: 0.5, "Mid-Market": 0.15, SMB: 0.02 },
  account_executive: { Strategic: 0.9, Enterprise: 0.6, "Mid-Market": 0.3, SMB: 0.05 },
  executive_sponsor: { Strategic: 0.9, Enterprise: 0.25, "Mid-Market": 0.02, SMB: 0 },
};
// Who tends to hold the roles without stamping (each list is within the role's eligible profiles).
const HOLDERS: Record<string, [Profile, number][]> = {
  renewal_manager: [["sales_ops", 0.6], ["csm_manager", 0.2], ["csm", 0.2]],
  account_executive: [["sales_ops", 0.6], ["csm_manager", 0.2], ["leader", 0.2]],
  executive_sponsor: [["leader", 0.75], ["csm_manager", 0.25]],
};
const REASONS = ["Territory realignment", "Capacity rebalancing", "Coverage change after QBR", "Segment review"];

export type TeamOptions = { asOf: number; demo: boolean };

/**
 * Gives each account its team and the history that led to it: an initial load about a year ago
 * (or assignment at creation for newer customers), then a reassignment or two for some accounts,
 * by the first CSM manager. Child accounts that inherit their CSM follow their parent's history.
 */
export function assignTeams(rng: Rng, accounts: SeedAccount[], users: SeedUser[], { asOf, demo }: TeamOptions): void {
  const active = (...profiles: Profile[]) => users.filter((u) => u.active && profiles.includes(u.profile));
  const everyone = (...profiles: Profile[]) => users.filter((u) => profiles.includes(u.profile));
  const demoUser = (profile: Profile) => (demo ? users.find((u) => u.profile === profile) : undefined);
  const importAt = asOf - 365 * DAY + 14 * 3600_000;
  const history = { rng, asOf, importAt, importBatch: rng.uuid() };

  const owned = (role: string) =>
    accounts.filter((a) => (role === "csm" && a.inheritsCsm && a.parent ? false : a.whale > 0 || (role === "csm" && a.children.some((c) => c.inheritsCsm)) || rng.chance(COVERAGE[role][a.segment])));

  const csmFixed = new Map<SeedUser, number>();
  const saFixed = new Map<SeedUser, number>();
  // The demo CSM and SA sign-ins hold a realistic book of their own.
  if (demoUser("csm")) csmFixed.set(demoUser("csm")!, 25);
  if (demoUser("sa")) saFixed.set(demoUser("sa")!, 20);

  for (const [role, reps, fixed, pChange] of [
    ["csm", active("csm", "csm_manager"), csmFixed, 0.22],
    ["sa", active("sa"), saFixed, 0.12],
  ] as const) {
    const people = everyone(...(role === "csm" ? (["csm", "csm_manager"] as const) : (["sa"] as const)));
    const pool: Pool = { active: people.filter((u) => u.active), leavers: people.filter((u) => !u.active) };
    const books = owned(role);
    scaleCapacities(people, reps, books.length);
    for (const [account, holder] of distribute(rng, books, reps, fixed)) {
      account.team.set(role, timeline(history, account, holder, pool, pChange));
    }
  }
  // Parents come before their children, so a parent's history is complete when a child copies it.
  for (const account of accounts) {
    const parentCsm = account.parent?.team.get("csm");
    if (account.inheritsCsm && parentCsm) account.team.set("csm", inherited(history, account, parentCsm));
  }

  for (const role of ["renewal_manager", "account_executive", "executive_sponsor"]) {
    const byProfile = HOLDERS[role].map(([profile, weight]) => [active(profile), weight] as const).filter(([pool]) => pool.length > 0);
    if (byProfile.length === 0) continue;
    for (const account of owned(role)) {
      const pool = rng.weighted(byProfile.map(([p]) => p), byProfile.map(([, w]) => w));
      account.team.set(role, timeline(history, account, rng.pick(pool), { active: pool, leavers: [] }, 0));
    }
  }

  for (const account of accounts) {
    let changes = 0;
    for (const line of account.team.values()) {
      changes += line.sources.filter((s, i) => i > 0 && s !== "import").length;
      account.updatedAt = Math.max(account.updatedAt, line.at[line.at.length - 1]);
    }
    account.version = 1 + changes;
  }
}

/** The holder at time `t` (the first one before the history starts). */
export function holderAt(line: Timeline | undefined, t: number): SeedUser | null {
  if (!line) return null;
  let i = line.at.length - 1;
  while (i > 0 && line.at[i] > t) i--;
  return line.holders[i];
}

export const currentHolder = (line: Timeline | undefined): SeedUser | null => (line ? line.holders[line.holders.length - 1] : null);

export const reasonFor = (rng: Rng, previous: SeedUser) => (previous.active ? rng.pick(REASONS) : "Rep left the company");

type History = { rng: Rng; asOf: number; importAt: number; importBatch: string };
type Pool = { active: SeedUser[]; leavers: SeedUser[] };

function startOf({ rng, importAt }: History, account: SeedAccount): [number, "import" | "ui"] {
  return account.createdAt < importAt ? [importAt, "import"] : [account.createdAt + rng.int(1, 3) * DAY + rng.int(0, 28_800) * 1000, "ui"];
}

function timeline(history: History, account: SeedAccount, holder: SeedUser, pool: Pool, pChange: number): Timeline {
  const { rng, asOf, importBatch } = history;
  const [start, source] = startOf(history, account);
  const changes = pool.active.length > 1 && start < asOf - 30 * DAY && rng.chance(pChange) ? (rng.chance(0.3) ? 2 : 1) : 0;
  const times = Array.from({ length: changes }, () => rng.int(start + DAY, asOf - DAY)).sort((a, b) => a - b);
  const holders = [holder];
  for (let k = changes - 1; k >= 0; k--) {
    const next = holders[0];
    // Some handovers are from reps who have since left, made before they left.
    const leavers = pool.leavers.filter((u) => u !== next && u.updatedAt >= times[k]);
    let previous = leavers.length > 0 && rng.chance(0.35) ? rng.pick(leavers) : rng.pick(pool.active);
    if (previous === next && pool.active.length > 1) previous = pool.active[(pool.active.indexOf(next) + 1) % pool.active.length];
    holders.unshift(previous);
  }
  return {
    holders,
    at: [start, ...times],
    sources: [source, ...times.map(() => "ui" as const)],
    batches: [source === "import" ? importBatch : null, ...times.map(() => rng.uuid())],
  };
}

/** A child's CSM history is its parent's from the child's own start: cascades of each change. */
function inherited(history: History, child: SeedAccount, parent: Timeline): Timeline {
  const [start, source] = startOf(history, child);
  const line: Timeline = { holders: [holderAt(parent, start)!], at: [start], sources: [source === "ui" ? "cascade" : "import"], batches: [source === "import" ? history.importBatch : null] };
  for (let i = 1; i < parent.at.length; i++) {
    if (parent.at[i] <= start) continue;
    line.holders.push(parent.holders[i]);
    line.at.push(parent.at[i]);
    line.sources.push("cascade");
    line.batches.push(parent.batches[i]);
  }
  return line;
}

/**
 * Capacities are sized for the demo's 600 accounts (a CSM carries 20–45). With many more accounts
 * per rep, as in the benchmark, they grow in proportion, so utilization stays believable (most
 * reps near their target, a few over) whatever the scale. The demo's are left as they are.
 */
function scaleCapacities(people: SeedUser[], reps: SeedUser[], demand: number): void {
  const total = reps.reduce((sum, u) => sum + (u.capacity ?? 0), 0);
  const factor = total > 0 ? demand / (total * 0.85) : 1;
  if (factor <= 1.3) return;
  for (const user of people) if (user.capacity !== null) user.capacity = Math.max(5, Math.round((user.capacity * factor) / 5) * 5);
}

/**
 * Splits accounts among reps region by region, in proportion to capacity times a personal load
 * factor: most reps run at 75–100% of capacity, some well under, a few deliberately over.
 * Fixed reps (the demo sign-ins) get exactly their number.
 */
function distribute(rng: Rng, accounts: SeedAccount[], reps: SeedUser[], fixed: Map<SeedUser, number>): Map<SeedAccount, SeedUser> {
  const result = new Map<SeedAccount, SeedUser>();
  if (reps.length === 0) return result;
  const weight = new Map(reps.map((u) => [u, (u.capacity ?? 10) * loadFactor(rng)]));
  for (const region of REGIONS) {
    const local = rng.shuffle(accounts.filter((a) => a.region === region));
    const regional = reps.filter((u) => u.region === region);
    const pool = regional.length > 0 ? regional : reps;
    let next = 0;
    for (const user of regional) {
      const take = Math.min(fixed.get(user) ?? 0, local.length - next);
      for (let i = 0; i < take; i++) result.set(local[next++], user);
    }
    const unfixed = pool.filter((u) => !fixed.has(u));
    const shared = unfixed.length > 0 ? unfixed : pool;
    const total = shared.reduce((sum, u) => sum + weight.get(u)!, 0);
    const remaining = local.length - next;
    const exact = shared.map((u) => (remaining * weight.get(u)!) / total);
    const counts = exact.map(Math.floor);
    const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let k = 0; counts.reduce((a, b) => a + b, 0) < remaining; k++) counts[order[k % order.length][1]]++;
    shared.forEach((user, i) => {
      for (let j = 0; j < counts[i]; j++) result.set(local[next++], user);
    });
  }
  return result;
}

function loadFactor(rng: Rng): number {
  const roll = rng.next();
  return roll < 0.12 ? rng.between(1.15, 1.4) : roll < 0.32 ? rng.between(0.45, 0.7) : rng.between(0.75, 1.0);
}
