import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { clearStaging } from "@/lib/domain/imports/copy-rows.ts";
import { accountsImport } from "@/lib/domain/imports/kinds/accounts.ts";
import { opportunitiesImport } from "@/lib/domain/imports/kinds/opportunities.ts";
import type { Counts, ImportContext, KindImport } from "@/lib/domain/imports/kinds/types.ts";
import { columnIndex } from "@/lib/domain/imports/mapping.ts";

/** The sync acts in Roster as this (sign-in-less) integration user: history says "Salesforce sync changed …". */
export const SYNC_EMAIL = "salesforce-sync@roster.invalid";
const SYNC_USER = { email: SYNC_EMAIL, name: "Salesforce sync" };

export async function syncActor(): Promise<Actor> {
  await db.$executeRaw`
    INSERT INTO users (email, name, profile, active) VALUES (${SYNC_USER.email}, ${SYNC_USER.name}, 'integration', false)
    ON CONFLICT (lower(email)) DO NOTHING`;
  return db.user.findFirstOrThrow({ where: { email: SYNC_USER.email }, select: { id: true, email: true, name: true, profile: true } });
}

export type Rejected = { externalId: string | null; message: string };
export type Applied = Counts & { rejected: Rejected[] };

const KINDS = { accounts: accountsImport, opportunities: opportunitiesImport } satisfies Record<string, KindImport>;
const STAGING = { accounts: "import_account_rows", opportunities: "import_opportunity_rows" } as const;

/**
 * Applies Salesforce records through the import kinds — the same set-based rules as a CSV import
 * and the API (a new opportunity takes its account's CSM and SA; closing locks; reopening
 * re-stamps), audited as source 'salesforce'. Unlike a file, one bad record does not hold back
 * the rest: it is left out and reported. `then` runs in the same transaction (the watermark moves
 * with what it covers).
 */
export async function applyInbound(
  kind: keyof typeof KINDS, headers: string[], rows: string[][], then: (tx: Tx) => Promise<void>,
): Promise<Applied> {
  const empty: Applied = { created: 0, updated: 0, unchanged: 0, pending: 0, rejected: [] };
  const importKind: KindImport = KINDS[kind];
  const columns = headers.map((target) => ({ header: target, target }));
  const context: ImportContext = {
    importId: randomUUID(), actor: await syncActor(), batchId: randomUUID(), columns, index: columnIndex(columns), roles: [],
    progress: async () => {}, lap: () => {}, source: "salesforce",
  };
  const keyAt = headers.indexOf("externalId");
  const keyOf = (row: number) => rows[row - 1]?.[keyAt] ?? null;
  try {
    if (rows.length === 0) {
      await db.$transaction(then);
      return empty;
    }
    const stageErrors = await importKind.stage(context, rows);
    const rejected: Rejected[] = stageErrors.map((error) => ({ externalId: keyOf(error.row), message: error.message }));
    const table = STAGING[kind];
    const drop = async (tx: Tx | typeof db, rowNumbers: number[]) => {
      if (rowNumbers.length === 0) return;
      await tx.$executeRawUnsafe(`DELETE FROM ${table} WHERE import_id = $1::uuid AND row_no = ANY($2::int[])`, context.importId, rowNumbers);
    };
    await drop(db, [...new Set(stageErrors.map((error) => error.row))]);
    const counts = await db.$transaction(async (tx) => {
      if (importKind.avoidNestedLoops) await tx.$executeRaw`SET LOCAL enable_nestloop = off`;
      // Validation may find more once rows it objected to are gone (a parent left out): a few rounds.
      for (let round = 0; round < 3; round++) {
        const errors = await importKind.validate(tx, context);
        if (errors.length === 0) break;
        rejected.push(...errors.map((error) => ({ externalId: keyOf(error.row), message: error.message })));
        await drop(tx, [...new Set(errors.map((error) => error.row))]);
      }
      await importKind.lock(tx, context);
      const plan = await importKind.plan(tx, context, 0);
      await importKind.apply(tx, context);
      await then(tx);
      return plan.counts;
    }, { timeout: 15 * 60_000, maxWait: 60_000 });
    return { ...counts, rejected };
  } finally {
    await clearStaging(context.importId).catch((error) => console.error("[roster] could not clear the Salesforce sync's staging rows", error));
  }
}
