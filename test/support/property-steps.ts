import fc from "fast-check";
import type { Actor, ActorContext } from "@/lib/auth/actor.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { updateAccount } from "@/lib/domain/accounts/update-account.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { addSupportingSa } from "@/lib/domain/opportunities/add-supporting-sa.ts";
import { createOpportunity } from "@/lib/domain/opportunities/create-opportunity.ts";
import { mergeOpportunity } from "@/lib/domain/opportunities/merge-opportunity.ts";
import { clearCsmOverride, overrideCsm } from "@/lib/domain/opportunities/override-csm.ts";
import { removeSupportingSa } from "@/lib/domain/opportunities/remove-supporting-sa.ts";
import { STAGES, type Stage } from "@/lib/domain/opportunities/schemas.ts";
import { setPrimarySa } from "@/lib/domain/opportunities/set-primary-sa.ts";
import { updateOpportunity } from "@/lib/domain/opportunities/update-opportunity.ts";
import { reconcileCsm } from "@/lib/domain/reconcile/reconcile-csm.ts";
import { transferBook } from "@/lib/domain/transfers/transfer-book.ts";
import type { World, WorldState } from "./property-world.ts";

/**
 * One random operation, as plain data: indices pick the actor, account, opportunity and user at
 * run time (modulo what exists then), so a recorded sequence replays the same way from its seed.
 */
const index = fc.nat({ max: 999 });
export type Step =
  | { kind: "assignCsm"; actor: number; account: number; user: number; includeOverridden: boolean }
  | { kind: "assignSa"; actor: number; account: number; user: number }
  | { kind: "createOpportunity"; actor: number; account: number; stage: Stage }
  | { kind: "changeStage"; actor: number; opportunity: number; stage: Stage }
  | { kind: "overrideCsm"; actor: number; opportunity: number; user: number }
  | { kind: "clearOverride"; actor: number; opportunity: number }
  | { kind: "setPrimarySa"; actor: number; opportunity: number; user: number }
  | { kind: "addSupportingSa"; actor: number; opportunity: number; user: number }
  | { kind: "removeSupportingSa"; actor: number; opportunity: number; user: number }
  | { kind: "merge"; actor: number; opportunity: number; into: number }
  | { kind: "transfer"; actor: number; role: "csm" | "sa"; from: number; to: number; includeOverridden: boolean; dryRun: boolean }
  | { kind: "reconcile"; actor: number; dryRun: boolean }
  | { kind: "setInheritance"; actor: number; account: number; inheritance: "none" | "parent" }
  | { kind: "setParent"; actor: number; account: number; parent: number };

const stage = fc.constantFrom(...STAGES);
const c = <K extends Step["kind"]>(kind: K) => fc.constant(kind);

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: c("assignCsm"), actor: index, account: index, user: index, includeOverridden: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: c("assignSa"), actor: index, account: index, user: index }) },
  { weight: 2, arbitrary: fc.record({ kind: c("createOpportunity"), actor: index, account: index, stage }) },
  { weight: 3, arbitrary: fc.record({ kind: c("changeStage"), actor: index, opportunity: index, stage }) },
  { weight: 2, arbitrary: fc.record({ kind: c("overrideCsm"), actor: index, opportunity: index, user: index }) },
  { weight: 2, arbitrary: fc.record({ kind: c("clearOverride"), actor: index, opportunity: index }) },
  { weight: 2, arbitrary: fc.record({ kind: c("setPrimarySa"), actor: index, opportunity: index, user: index }) },
  { weight: 2, arbitrary: fc.record({ kind: c("addSupportingSa"), actor: index, opportunity: index, user: index }) },
  { weight: 1, arbitrary: fc.record({ kind: c("removeSupportingSa"), actor: index, opportunity: index, user: index }) },
  { weight: 1, arbitrary: fc.record({ kind: c("merge"), actor: index, opportunity: index, into: index }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: c("transfer"), actor: index, role: fc.constantFrom("csm" as const, "sa" as const), from: index, to: index,
      includeOverridden: fc.boolean(), dryRun: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: c("reconcile"), actor: index, dryRun: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: c("setInheritance"), actor: index, account: index, inheritance: fc.constantFrom("none" as const, "parent" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: c("setParent"), actor: index, account: index, parent: index }) },
);

export type Outcome = { ok: true; result: unknown } | { ok: false; code: string };
/** `target`: the account an account-level step acts on. */
export type Resolved = { actor: Actor; description: string; run: () => Promise<unknown>; dryRun: boolean; target?: string };

const at = <T>(list: readonly T[], i: number): T => list[i % list.length];

/** Turns a step into the domain call it stands for, against the world as it is now. */
export function resolveStep(world: World, state: WorldState, step: Step): Resolved {
  const p = world.people;
  const actor = at(world.actors, step.actor);
  const context: ActorContext = { actor, source: "api" };
  const name = (id: string | null) =>
    id === null ? "nobody" : (Object.entries(p).find(([, person]) => person.id === id)?.[0] ??
      (state.accounts[id] ? Object.entries(world.accounts).find(([, a]) => a === id)![0] : state.opportunities.find((o) => o.id === id)?.name ?? id));
  // Candidates include the ineligible and the inactive, and "the actor themselves".
  const csmChoice = (i: number) => at([p.csm1.id, p.csm2.id, p.manager.id, null, p.sa1.id, p.inactiveCsm.id], i);
  const saChoice = (i: number) => at([p.sa1.id, p.sa2.id, actor.id, null, p.csm1.id], i);
  const account = (i: number) => at(world.accountIds, i);
  const opportunity = (i: number) => at(state.opportunities, i);
  const by = `${name(actor.id)}(${actor.profile})`;
  const call = (description: string, run: () => Promise<unknown>, dryRun = false, target?: string): Resolved =>
    ({ actor, description: `${by}: ${description}`, run, dryRun, target });

  switch (step.kind) {
    case "assignCsm": {
      const [id, userId] = [account(step.account), csmChoice(step.user)];
      return call(`CSM of ${name(id)} := ${name(userId)}${step.includeOverridden ? " (incl. overridden)" : ""}`, () =>
        assignAccountRole(context, id, "csm", { userId, includeOverridden: step.includeOverridden }), false, id);
    }
    case "assignSa": {
      const [id, userId] = [account(step.account), saChoice(step.user)];
      return call(`SA of ${name(id)} := ${name(userId)}`, () => assignAccountRole(context, id, "sa", { userId }));
    }
    case "createOpportunity": {
      const id = account(step.account);
      const next = `O${String(state.opportunities.length + 1).padStart(2, "0")}`;
      return call(`create ${next} on ${name(id)} at ${step.stage}`, () =>
        createOpportunity(context, { accountId: id, name: next, stage: step.stage }));
    }
    case "changeStage": {
      const o = opportunity(step.opportunity);
      return call(`${o.name} stage ${o.stage} → ${step.stage}`, () => updateOpportunity(context, o.id, { stage: step.stage }));
    }
    case "overrideCsm": {
      const [o, userId] = [opportunity(step.opportunity), csmChoice(step.user)];
      return call(`override CSM of ${o.name} := ${name(userId)}`, () => overrideCsm(context, o.id, userId));
    }
    case "clearOverride": {
      const o = opportunity(step.opportunity);
      return call(`clear CSM override of ${o.name}`, () => clearCsmOverride(context, o.id));
    }
    case "setPrimarySa": {
      const [o, userId] = [opportunity(step.opportunity), saChoice(step.user)];
      return call(`primary SA of ${o.name} := ${name(userId)}`, () => setPrimarySa(context, o.id, userId));
    }
    case "addSupportingSa": {
      const o = opportunity(step.opportunity);
      const userId = saChoice(step.user) ?? actor.id;
      return call(`add supporting SA ${name(userId)} to ${o.name}`, () => addSupportingSa(context, o.id, userId));
    }
    case "removeSupportingSa": {
      const o = opportunity(step.opportunity);
      const userId = saChoice(step.user) ?? actor.id;
      return call(`remove supporting SA ${name(userId)} from ${o.name}`, () => removeSupportingSa(context, o.id, userId));
    }
    case "merge": {
      const [o, into] = [opportunity(step.opportunity), opportunity(step.into)];
      return call(`merge ${o.name} into ${into.name}`, () => mergeOpportunity(context, o.id, into.id));
    }
    case "transfer": {
      const choice = step.role === "csm" ? csmChoice : saChoice;
      const from = choice(step.from) ?? p.csm1.id;
      const to = choice(step.to) ?? p.csm2.id;
      return call(
        `transfer ${step.role} book ${name(from)} → ${name(to)}${step.includeOverridden ? " (incl. overridden)" : ""}${step.dryRun ? " (dry run)" : ""}`,
        () => transferBook(context, {
          roleKey: step.role, fromUserId: from, toUserId: to, includeOverridden: step.includeOverridden, dryRun: step.dryRun,
        }),
        step.dryRun,
      );
    }
    case "reconcile":
      return call(`reconcile${step.dryRun ? " (dry run)" : ""}`, () =>
        reconcileCsm(context, { dryRun: step.dryRun, trigger: "api", accountIds: world.accountIds }), step.dryRun);
    case "setInheritance": {
      const id = account(step.account);
      return call(`inheritance of ${name(id)} := ${step.inheritance}`, () =>
        updateAccount(context, id, { csmInheritance: step.inheritance }), false, id);
    }
    case "setParent": {
      // Any account or none: placing one under itself or its own child must be refused.
      const [id, parentId] = [account(step.account), at([...world.accountIds, null], step.parent)];
      return call(`parent of ${name(id)} := ${name(parentId)}`, () => updateAccount(context, id, { parentId }), false, id);
    }
  }
}

/** Runs a step; a DomainError is a legitimate answer (refused, ineligible, locked …), anything else is a failure. */
export async function runStep(resolved: Resolved): Promise<Outcome> {
  try {
    return { ok: true, result: await resolved.run() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, code: error.code };
    throw error;
  }
}
