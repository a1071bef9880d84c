import "server-only";
import type { SeedAccount, Timeline } from "./accounts.ts";
import { RowWriter } from "./copy.ts";
import type { Rng } from "./random.ts";
import { reasonFor } from "./team.ts";
import type { SeedUser } from "./users.ts";

export const ASSIGNMENT_COLUMNS = ["account_id", "role_key", "user_id", "source", "assigned_at", "assigned_by"] as const;
export const AUDIT_COLUMNS = ["at", "actor_id", "source", "entity_type", "entity_id", "field", "from_value", "to_value", "batch_id", "reason"] as const;

type Entry = { at: number; account: SeedAccount; role: string; line: Timeline; i: number };

/**
 * The current assignments and the audit trail that explains them. Replaying the trail per account
 * and role ends on exactly the current holder, which is what the workload trend reconstructs.
 * `importer` did the initial load; `changer` made every later change in the UI.
 */
export function teamRows(rng: Rng, accounts: SeedAccount[], importer: SeedUser, changer: SeedUser): { assignments: RowWriter; audit: RowWriter } {
  const assignments = new RowWriter();
  const entries: Entry[] = [];
  for (const account of accounts) {
    for (const [role, line] of account.team) {
      const last = line.holders.length - 1;
      const by = line.sources[last] === "import" ? importer : changer;
      assignments.plain(account.id).plain(role).plain(line.holders[last].id).plain(line.sources[last]).timestamp(line.at[last]).plain(by.id).end();
      for (let i = 0; i <= last; i++) entries.push({ at: line.at[i], account, role, line, i });
    }
  }
  // Identity ids then follow time, so "newest first" by id is also newest first by date.
  entries.sort((a, b) => a.at - b.at);
  const audit = new RowWriter();
  for (const { at, account, role, line, i } of entries) {
    const source = line.sources[i];
    audit
      .timestamp(at).plain((source === "import" ? importer : changer).id).plain(source).plain("account").plain(account.id)
      .plain(`team.${role}`).maybe(i === 0 ? null : line.holders[i - 1].id).plain(line.holders[i].id).maybe(line.batches[i])
      .maybe(source === "ui" && i > 0 ? reasonFor(rng, line.holders[i - 1]) : null)
      .end();
  }
  return { assignments, audit };
}
