import { isDeepStrictEqual } from "node:util";
import { isPrivileged } from "@/lib/auth/permissions.ts";
import type { Outcome, Resolved, Step } from "./property-steps.ts";
import type { AuditRow, OpportunityState, WorldState } from "./property-world.ts";

export type StepRecord = { step: Step; resolved: Resolved; outcome: Outcome; before: WorldState; after: WorldState; audit: AuditRow[] };

const text = (value: string | boolean | null | undefined) => (value === null || value === undefined ? null : String(value));

/**
 * The entries for one record's field must walk from its value before the step to its value after
 * it, each starting where the previous one ended: the trail tells exactly the change that happened.
 */
function chain(audit: AuditRow[], entityId: string, field: string, from: string | null, to: string | null): string | null {
  const entries = audit.filter((entry) => entry.entityId === entityId && entry.field === field);
  if (from === to) {
    return entries.length === 0 ? null : `${field} of ${entityId} did not change (${from}) yet has ${entries.length} audit entries`;
  }
  if (entries.length === 0) return `${field} of ${entityId} changed ${from} → ${to} without an audit entry`;
  let at = from;
  for (const entry of entries) {
    if (entry.from !== at) return `${field} of ${entityId}: audit entry from ${entry.from}, but the value was ${at}`;
    at = entry.to;
  }
  return at === to ? null : `${field} of ${entityId}: audit ends at ${at}, but the value is ${to}`;
}

function supportingChain(audit: AuditRow[], before: string[], after: OpportunityState): string | null {
  const set = new Set(before);
  for (const entry of audit.filter((e) => e.entityId === after.id && e.field === "supporting_sa")) {
    if (entry.from === null && entry.to !== null) set.add(entry.to);
    else if (entry.from !== null && entry.to === null) set.delete(entry.from);
  }
  const replayed = [...set].sort().join();
  return replayed === [...after.supporting].sort().join()
    ? null
    : `supporting SAs of ${after.name}: audit replays to [${replayed}], the record has [${after.supporting.join()}]`;
}

const STAMPING_KINDS: Step["kind"][] = ["assignCsm", "assignSa", "transfer", "reconcile", "createOpportunity", "setInheritance", "setParent"];

/** Every invariant of the rules engine that must hold after one step; returns what broke. */
export function violations({ step, resolved, outcome, before, after, audit }: StepRecord): string[] {
  const broken: string[] = [];
  const fail = (message: string | null) => message && broken.push(message);

  // (e) The workload's open totals are exact after every step, refused or not.
  if (after.totalsDrift.length > 0) fail(`(e) open totals disagree with a recount: ${JSON.stringify(after.totalsDrift)}`);
  // (e') So are each person's workload totals (migration 0023), folded from their deltas.
  if (after.workloadDrift.length > 0) fail(`(e') workload totals disagree with a recount: ${JSON.stringify(after.workloadDrift)}`);

  // A refused step or a dry run is all-or-nothing: no record and no audit entry changed.
  if (!outcome.ok || resolved.dryRun) {
    for (const account of Object.values(after.accounts)) {
      const was = before.accounts[account.id];
      if (!isDeepStrictEqual(account, was)) fail(`a refused step or dry run changed account ${account.id}: ${JSON.stringify(was)} → ${JSON.stringify(account)}`);
    }
    const previous = new Map(before.opportunities.map((o) => [o.id, o]));
    for (const o of after.opportunities) {
      const was = previous.get(o.id);
      if (!isDeepStrictEqual(o, was)) fail(`a refused step or dry run changed ${o.name}: ${JSON.stringify(was)} → ${JSON.stringify(o)}`);
    }
    if (audit.length > 0) fail(`a refused step or dry run wrote ${audit.length} audit entries`);
    return broken;
  }

  // (a) Every open, non-overridden opportunity carries its account's current CSM.
  for (const o of after.opportunities) {
    const account = after.accounts[o.accountId];
    if (!o.isClosed && !o.overridden && o.csmId !== account.csm) {
      fail(`(a) open ${o.name} has CSM ${o.csmId}, its account has ${account.csm}`);
    }
  }

  const previous = new Map(before.opportunities.map((o) => [o.id, o]));
  for (const o of after.opportunities) {
    const was = previous.get(o.id);
    if (!was) {
      // A new opportunity: created with its account's CSM and SA, and audited.
      if (!audit.some((e) => e.entityId === o.id && e.field === "created")) fail(`${o.name} was created without an audit entry`);
      fail(chain(audit, o.id, "csm", null, o.csmId));
      fail(chain(audit, o.id, "primary_sa", null, o.primarySaId));
      fail(chain(audit, o.id, "locked", "false", text(o.isClosed)));
      continue;
    }
    // (b) A closed opportunity's CSM and SAs change only through a privileged call, and never as a
    // side effect of an account-level change (stamping leaves closed ones alone).
    if (was.isClosed) {
      const moved = was.csmId !== o.csmId || was.primarySaId !== o.primarySaId || was.supporting.join() !== o.supporting.join();
      if (moved && !isPrivileged(resolved.actor.profile)) fail(`(b) closed ${o.name}'s CSM/SAs changed by ${resolved.actor.profile}`);
      if (STAMPING_KINDS.includes(step.kind) && !isDeepStrictEqual(was, o)) fail(`(b) closed ${o.name} changed by ${step.kind}`);
    }
    if (was.mergedIntoId && (o.mergedIntoId !== was.mergedIntoId || !o.isClosed)) fail(`merged ${o.name} came back`);
    // (c) Every change has its audit entries.
    fail(chain(audit, o.id, "csm", was.csmId, o.csmId));
    fail(chain(audit, o.id, "csm_overridden", text(was.overridden), text(o.overridden)));
    fail(chain(audit, o.id, "primary_sa", was.primarySaId, o.primarySaId));
    fail(chain(audit, o.id, "stage", was.stage, o.stage));
    fail(chain(audit, o.id, "locked", text(was.isClosed), text(o.isClosed)));
    fail(chain(audit, o.id, "merged_into", was.mergedIntoId, o.mergedIntoId));
    fail(supportingChain(audit, was.supporting, o));
  }
  for (const account of Object.values(after.accounts)) {
    const was = before.accounts[account.id];
    fail(chain(audit, account.id, "team.csm", was.csm, account.csm));
    fail(chain(audit, account.id, "team.sa", was.sa, account.sa));
    fail(chain(audit, account.id, "csmInheritance", was.inheritance, account.inheritance));
    fail(chain(audit, account.id, "parentId", was.parentId, account.parentId));
  }

  // (d) Heirs follow: whenever a parent's CSM changed (an assignment, a transfer, or the parent
  // itself starting to inherit), and after a CSM assignment on the parent even when it kept its
  // CSM, every child inheriting from it carries the parent's CSM; so does an account that has
  // just started inheriting (switched to "parent", or moved under a new parent).
  for (const child of Object.values(after.accounts)) {
    if (child.inheritance !== "parent" || !child.parentId) continue;
    const parent = after.accounts[child.parentId];
    const was = before.accounts[child.id];
    const parentChanged = before.accounts[parent.id].csm !== parent.csm;
    const parentAssigned = step.kind === "assignCsm" && resolved.target === parent.id;
    const startedInheriting = was.inheritance !== "parent" || was.parentId !== child.parentId;
    if ((parentChanged || parentAssigned || startedInheriting) && child.csm !== parent.csm) {
      fail(`(d) inheriting ${child.id} has CSM ${child.csm}, its parent ${parent.id} has ${parent.csm}`);
    }
  }
  // Hierarchy cycles are refused: walking up from any account ends at a top-level one.
  for (const account of Object.values(after.accounts)) {
    const seen = new Set<string>();
    for (let at: string | null = account.id; at; at = after.accounts[at]?.parentId ?? null) {
      if (seen.has(at)) {
        fail(`the hierarchy has a cycle through ${at}`);
        break;
      }
      seen.add(at);
    }
  }

  // One batch for a reassignment, a transfer or a reconcile; stamps and cascades labelled as such.
  if (["assignCsm", "assignSa", "transfer", "reconcile"].includes(step.kind) && audit.length > 0) {
    const batches = new Set(audit.map((e) => e.batchId));
    if (batches.size !== 1 || batches.has(null)) fail(`${step.kind} wrote ${batches.size} audit batches (${[...batches].join()})`);
    const expected = step.kind === "reconcile" ? "reconcile" : "stamp";
    for (const e of audit.filter((e) => e.entityType === "opportunity" && e.field === "csm")) {
      if (e.source !== expected) fail(`${step.kind}: opportunity CSM entry with source ${e.source}, expected ${expected}`);
    }
  }
  // With (a) holding before the step, the catch has nothing to catch.
  if (step.kind === "reconcile") {
    const result = outcome.result as { mismatchCount: number; repaired: number };
    if (result.mismatchCount !== 0 || result.repaired !== 0) fail(`reconcile found ${result.mismatchCount} mismatches in a consistent world`);
  }
  return broken;
}
