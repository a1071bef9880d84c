// The command palette's search at 100k accounts and 2M opportunities (10× fewer with --small):
// every keystroke runs it, so each kind of query a person types must come back within 100 ms.
import { search } from "../../lib/domain/search/search.ts";
import { searchQuery } from "../../lib/domain/search/schemas.ts";
import { type BenchContext, one } from "../context.ts";
import { measure, timedResult } from "../measure.ts";

export async function searchCases(ctx: BenchContext): Promise<void> {
  const goal = { kind: "p95", ms: 100 } as const;
  const runs = { warmup: 2, runs: ctx.runs(20, 10) };
  // Subjects from the data set itself: a CRM id, a company word that starts many names, a person.
  const crm = await one<{ external_id: string }>(ctx.pool, "SELECT external_id FROM opportunities WHERE external_id IS NOT NULL ORDER BY id LIMIT 1")
    .catch(() => one<{ external_id: string }>(ctx.pool, "SELECT coalesce(external_id, name) AS external_id FROM accounts ORDER BY id LIMIT 1"));
  const account = await one<{ name: string }>(ctx.pool, "SELECT name FROM accounts WHERE name LIKE '% %' ORDER BY id LIMIT 1");
  // The most common first and last words of account names: many names start with the one and
  // contain the other (and so do their opportunities' names).
  const first = await one<{ word: string }>(ctx.pool,
    "SELECT split_part(name, ' ', 1) AS word FROM accounts GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
  const last = await one<{ word: string }>(ctx.pool,
    "SELECT regexp_replace(name, '^.* ', '') AS word FROM accounts GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
  const person = await one<{ name: string }>(ctx.pool, "SELECT name FROM users WHERE profile = 'csm' ORDER BY id LIMIT 1");
  const cases: [string, string][] = [
    ["one letter (prefixes only)", first.word.slice(0, 1).toLowerCase()],
    ["a company word, lower case (thousands of names start with it)", first.word.toLowerCase()],
    ["a word ending many names (prefix, then the first rows read)", last.word.toLowerCase()],
    ["a whole account name", account.name],
    // Deal names are "<account> — Renewal 2026": nothing starts with this, hundreds of thousands contain it.
    ["a word inside a third of deal names (found in the first rows read)", "renewal"],
    ["nothing matches", "qzxvj"],
    ["an exact CRM id", crm.external_id],
    ["part of a person's name", person.name.split(" ").at(-1) ?? person.name],
  ];
  for (const [label, q] of cases) {
    const input = searchQuery.parse({ q, limit: 5 });
    const measured = await measure(runs, async () => {
      const found = await search(ctx.actor, input);
      return { rows: found.accounts.length + found.opportunities.length + found.people.length };
    });
    ctx.report(timedResult("search", `palette search: ${label}`, measured, goal, `q=${JSON.stringify(q.slice(0, 30))}`));
  }
}
