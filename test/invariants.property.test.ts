import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { violations } from "@/test/support/invariants.ts";
import { resolveStep, runStep, stepArbitrary } from "@/test/support/property-steps.ts";
import { auditSince, makeWorld, readWorld, withNames } from "@/test/support/property-world.ts";

/**
 * Random sequences of operations by random profiles over a small world, calling the domain
 * functions directly; after every step the rules engine's invariants must hold (see
 * test/support/invariants.ts). Refusals (forbidden, locked, ineligible …) are expected answers and
 * are counted. On failure the seed is printed: replay with FC_SEED=<seed> (and FC_PATH=<path>);
 * FC_RUNS=<n> runs more sequences, FC_SHRINK=1 lets fast-check shrink a failing one.
 */
const runs = Number(process.env.FC_RUNS ?? 15);
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const tally = { steps: 0, ok: 0, answers: {} as Record<string, number>, applied: {} as Record<string, string> };

afterAll(() => {
  console.log(`invariants: ${tally.steps} steps, ${tally.ok} applied, refusals ${JSON.stringify(tally.answers)} (seed ${seed})`);
  console.log(`applied/tried by operation: ${JSON.stringify(tally.applied)}`);
});

it("keeps every invariant after each step of random operation sequences", async () => {
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 25, maxLength: 40 }), async (steps) => {
        const world = await makeWorld();
        let state = await readWorld(world);
        const log: string[] = [];
        for (const [i, step] of steps.entries()) {
          const resolved = resolveStep(world, state, step);
          const outcome = await runStep(resolved);
          const after = await readWorld(world);
          const audit = await auditSince(world, after, state.auditMax);
          log.push(`${i + 1}. ${resolved.description} → ${outcome.ok ? "ok" : outcome.code}`);
          tally.steps++;
          const [applied, tried] = (tally.applied[step.kind] ?? "0/0").split("/").map(Number);
          tally.applied[step.kind] = `${applied + (outcome.ok ? 1 : 0)}/${tried + 1}`;
          if (outcome.ok) tally.ok++;
          else tally.answers[outcome.code] = (tally.answers[outcome.code] ?? 0) + 1;
          const broken = violations({ step, resolved, outcome, before: state, after, audit });
          if (broken.length > 0) {
            const report = `Invariants broken after step ${i + 1}:\n  ${broken.join("\n  ")}\nSteps:\n  ${log.join("\n  ")}`;
            throw new Error(withNames(world, after, report));
          }
          state = after;
        }
      }),
      { numRuns: runs, seed, path: process.env.FC_PATH, endOnFailure: !process.env.FC_SHRINK },
    );
  } catch (error) {
    console.error(`fast-check seed ${seed} (replay: FC_SEED=${seed})`);
    throw error;
  }
  // Not vacuous: a good share of the random operations were actually applied.
  expect(tally.ok).toBeGreaterThan(tally.steps / 4);
}, runs * 20_000);
