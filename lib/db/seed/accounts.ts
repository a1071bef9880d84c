import "server-only";
import { COMPANY_KINDS, COMPANY_WORDS, LEGAL_SUFFIXES, SUBSIDIARIES } from "./names.ts";
import { base62, type Rng } from "./random.ts";
import { REGION_SHARES, REGIONS, type Region, type SeedUser } from "./users.ts";

export const SEGMENTS = ["Strategic", "Enterprise", "Mid-Market", "SMB"] as const;
export type Segment = (typeof SEGMENTS)[number];
const SEGMENT_SHARES = [0.03, 0.17, 0.35, 0.45];
// Median ARR and spread per segment: log-normal, so a few accounts dwarf the rest, as in life.
const ARR: Record<Segment, [median: number, sigma: number]> = {
  Strategic: [1_200_000, 0.5],
  Enterprise: [250_000, 0.6],
  "Mid-Market": [60_000, 0.6],
  SMB: [12_000, 0.7],
};

/** Who held a role over time: holders[i] from at[i] on; the last one holds it now. */
export type Timeline = { holders: SeedUser[]; at: number[]; sources: ("import" | "ui" | "cascade")[]; batches: (string | null)[] };

export type SeedAccount = {
  index: number;
  id: string;
  externalId: string;
  name: string;
  parent: SeedAccount | null;
  children: SeedAccount[];
  segment: Segment;
  region: Region;
  arrCents: number;
  inheritsCsm: boolean;
  createdAt: number;
  updatedAt: number;
  version: number;
  /** Open opportunities to add for a benchmark ("Whale n"); 0 otherwise. */
  whale: number;
  team: Map<string, Timeline>;
};

const DAY = 86_400_000;
const ONE_WORD = COMPANY_WORDS.filter((word) => !word.includes(" "));

/** `org` is the CRM org's pod code, shared by every external id of the data set. */
export function buildAccounts(rng: Rng, org: string, count: number, whales: readonly number[], asOf: number): SeedAccount[] {
  const names = new UniqueNames(rng);
  const accounts: SeedAccount[] = [];
  const add = (fields: Omit<SeedAccount, "index" | "id" | "externalId" | "children" | "updatedAt" | "version" | "team">) => {
    const index = accounts.length;
    // Spelled out, not spread: V8 builds spread objects slowly, and there are 100k of these.
    const account: SeedAccount = {
      index, id: rng.uuid(),
      // An 18-character Salesforce-like Account ID: key prefix, org pod, a unique counter, a checksum-like tail.
      externalId: `001${org}00${base62(index, 6)}${rng.base62(3)}`,
      name: fields.name, parent: fields.parent, children: [], segment: fields.segment, region: fields.region,
      arrCents: fields.arrCents, inheritsCsm: fields.inheritsCsm, createdAt: fields.createdAt, updatedAt: fields.createdAt,
      version: 1, whale: fields.whale, team: new Map(),
    };
    accounts.push(account);
    fields.parent?.children.push(account);
    return account;
  };

  while (accounts.length < count) {
    const segment = rng.weighted(SEGMENTS, SEGMENT_SHARES);
    // Most customers predate the last year; about one in ten was won within it.
    const createdAt = asOf - (rng.chance(0.1) ? rng.int(20, 360) : rng.int(400, 2500)) * DAY - rng.int(0, 86_399) * 1000;
    const parent = add({
      name: names.company(), parent: null, segment, region: rng.weighted(REGIONS, REGION_SHARES),
      arrCents: arrCents(rng, segment), inheritsCsm: false, createdAt, whale: 0,
    });
    // ~4.5% of customers are groups with 1–4 subsidiaries: about 10% of accounts are children.
    if (!rng.chance(0.045)) continue;
    const children = Math.min(rng.int(1, 4), count - accounts.length);
    const places = rng.shuffle([...SUBSIDIARIES[parent.region]]);
    for (let i = 0; i < children; i++) {
      const region = rng.chance(0.85) ? parent.region : rng.weighted(REGIONS, REGION_SHARES);
      const place = region === parent.region ? places[i % places.length] : rng.pick(SUBSIDIARIES[region]);
      const childSegment = SEGMENTS[Math.min(SEGMENTS.indexOf(segment) + rng.int(0, 1), SEGMENTS.length - 1)];
      add({
        name: names.take(`${parent.name} ${place}`), parent, segment: childSegment, region,
        arrCents: arrCents(rng, childSegment), inheritsCsm: rng.chance(0.5),
        createdAt: Math.min(asOf - 20 * DAY, createdAt + rng.int(1, 300) * DAY), whale: 0,
      });
    }
  }

  for (const size of whales) {
    add({
      name: names.take(`Whale ${size}`), parent: null, segment: "Strategic", region: "AMER",
      arrCents: 5_000_000_00, inheritsCsm: false, createdAt: asOf - 1000 * DAY, whale: size,
    });
  }
  return accounts;
}

function arrCents(rng: Rng, segment: Segment): number {
  const [median, sigma] = ARR[segment];
  // Contracts are priced in round-ish numbers, with the odd cent from proration.
  const dollars = Math.max(1200, Math.round(rng.logNormal(median, sigma) / 50) * 50);
  return dollars * 100 + (rng.chance(0.2) ? rng.int(1, 99) : 0);
}

/** Company names, made unique by a legal suffix and then a number when a name is taken. */
class UniqueNames {
  private readonly used = new Set<string>();
  private readonly numbered = new Map<string, number>();
  constructor(private readonly rng: Rng) {}

  company(): string {
    const word = this.rng.pick(COMPANY_WORDS);
    // Two-word brands ("Cedar Summit Analytics") widen the name space enough for 100k customers.
    const second = this.rng.chance(0.3) ? this.rng.pick(ONE_WORD) : word;
    const brand = second === word ? word : `${word} ${second}`;
    return this.take(`${brand} ${this.rng.pick(COMPANY_KINDS)}`);
  }

  take(base: string): string {
    let name = base;
    for (let attempt = 0; this.used.has(name) && attempt < 3; attempt++) name = `${base} ${this.rng.pick(LEGAL_SUFFIXES)}`;
    if (this.used.has(name)) {
      let n = this.numbered.get(base) ?? 2;
      while (this.used.has(`${base} ${n}`)) n++;
      this.numbered.set(base, n + 1);
      name = `${base} ${n}`;
    }
    this.used.add(name);
    return name;
  }
}
