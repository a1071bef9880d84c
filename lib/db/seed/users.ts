import "server-only";
import type { Profile } from "@/lib/db/generated/enums.ts";
import { FIRST_NAMES, LAST_NAMES } from "./names.ts";
import type { Rng } from "./random.ts";

export const REGIONS = ["AMER", "EMEA", "APAC", "LATAM"] as const;
export const REGION_SHARES = [0.5, 0.3, 0.15, 0.05];
export type Region = (typeof REGIONS)[number];

export type SeedUser = {
  id: string;
  email: string;
  name: string;
  profile: Profile;
  active: boolean;
  managerId: string | null;
  capacity: number | null;
  /** Where the rep's book sits; not stored, it only steers account assignment. */
  region: Region;
  createdAt: number;
  updatedAt: number;
};

const DAY = 86_400_000;

/** The demo's well-known sign-ins, in the order they are created. */
const DEMO_USERS: Partial<Record<Profile, { email: string; name: string }>> = {
  leader: { email: "leader@demo.roster", name: "Lee Leader" },
  csm_manager: { email: "manager@demo.roster", name: "Maria Lopez" },
  csm: { email: "csm@demo.roster", name: "Chris Sato" },
  sa: { email: "sa@demo.roster", name: "Sam Adeyemi" },
  sales_ops: { email: "ops@demo.roster", name: "Oscar Ops" },
  admin: { email: "admin@demo.roster", name: "Ada Admin" },
  sales_comp: { email: "comp@demo.roster", name: "Carla Comp" },
  finance: { email: "finance@demo.roster", name: "Fiona Finance" },
  integration: { email: "integration@demo.roster", name: "CRM Integration" },
};

/** How many of each profile a customer success org of `total` people has. */
export function profileCounts(total: number): [Profile, number][] {
  const leader = Math.max(1, Math.round(total * 0.04));
  const manager = Math.max(1, Math.round(total * 0.075));
  const sa = Math.max(1, Math.round(total * 0.25));
  const ops = Math.max(1, Math.round(total * 0.05));
  const csm = Math.max(1, total - leader - manager - sa - ops - 4);
  return [
    ["leader", leader], ["csm_manager", manager], ["csm", csm], ["sa", sa], ["sales_ops", ops],
    ["admin", 1], ["sales_comp", 1], ["finance", 1], ["integration", 1],
  ];
}

/**
 * The org chart: leaders on top, CSM managers under the first leader(s), CSMs under managers,
 * SAs under a second leader when there is one. A few reps have left (inactive). In the demo the
 * first holder of each profile is the fixed sign-in of DEMO_USERS.
 */
export function buildUsers(rng: Rng, total: number, demo: boolean, asOf: number): SeedUser[] {
  const taken = new Set(Object.values(DEMO_USERS).map((u) => u.name));
  const person = () => {
    for (;;) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const name = `${first} ${last}`;
      if (taken.has(name)) continue;
      taken.add(name);
      return { name, email: `${first}.${last}@demo.roster`.toLowerCase() };
    }
  };

  const users: SeedUser[] = [];
  const byProfile = new Map<Profile, SeedUser[]>();
  for (const [profile, count] of profileCounts(total)) {
    const group: SeedUser[] = [];
    for (let i = 0; i < count; i++) {
      const identity = demo && i === 0 && DEMO_USERS[profile] ? DEMO_USERS[profile] : person();
      const createdAt = asOf - rng.int(400, 1500) * DAY - rng.int(0, 86_399) * 1000;
      const user: SeedUser = {
        id: rng.uuid(), ...identity, profile, active: true, managerId: null,
        capacity: capacityOf(rng, profile), region: "AMER", createdAt, updatedAt: createdAt,
      };
      group.push(user);
      users.push(user);
    }
    byProfile.set(profile, group);
  }

  const leaders = byProfile.get("leader")!;
  const managers = byProfile.get("csm_manager")!;
  const csms = byProfile.get("csm")!;
  const sas = byProfile.get("sa")!;
  // The second leader heads the SAs; the others run customer success.
  const saLeader = leaders[leaders.length > 1 ? 1 : 0];
  const csLeaders = leaders.filter((_, i) => i !== 1 || leaders.length === 1);
  leaders.slice(1).forEach((u) => (u.managerId = leaders[0].id));
  managers.forEach((u, i) => (u.managerId = csLeaders[i % csLeaders.length].id));
  csms.forEach((u, i) => (u.managerId = managers[i % managers.length].id));
  sas.forEach((u) => (u.managerId = saLeader.id));
  byProfile.get("sales_ops")!.forEach((u) => (u.managerId = leaders[0].id));

  // A few reps have left; never the demo sign-ins (index 0), so the demo always works.
  const leavers = Math.round(total * 0.05);
  for (let i = 0; i < leavers; i++) {
    const group = i % 2 === 0 ? csms : sas;
    const candidates = group.slice(1).filter((u) => u.active);
    if (candidates.length < 2) continue;
    const user = rng.pick(candidates);
    user.active = false;
    user.updatedAt = asOf - rng.int(20, 200) * DAY - rng.int(0, 86_399) * 1000;
  }

  // The demo sign-ins run a comfortable book: about 25 accounts as CSM, 20 as SA.
  if (demo) [csms[0].capacity, sas[0].capacity] = [30, 40];
  placeInRegions(rng, [...managers, ...csms]);
  placeInRegions(rng, sas);
  return users;
}

function capacityOf(rng: Rng, profile: Profile): number | null {
  if (profile === "csm") return rng.int(20, 45);
  if (profile === "sa") return rng.int(30, 60);
  if (profile === "csm_manager") return rng.int(8, 15);
  return null;
}

/** Splits active reps across regions by the regions' share of accounts; the first one in AMER. */
function placeInRegions(rng: Rng, reps: SeedUser[]): void {
  const active = reps.filter((u) => u.active);
  const quota = REGION_SHARES.map((share) => Math.max(active.length >= REGIONS.length ? 1 : 0, Math.floor(share * active.length)));
  for (let i = 0; quota.reduce((a, b) => a + b, 0) < active.length; i = (i + 1) % REGIONS.length) quota[i]++;
  let slot = 0;
  for (const user of active) {
    while (quota[slot] === 0) slot++;
    user.region = REGIONS[slot];
    quota[slot]--;
  }
  for (const user of reps) if (!user.active) user.region = rng.pick(REGIONS);
}
