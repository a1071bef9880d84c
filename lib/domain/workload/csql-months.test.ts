import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { loadActor } from "@/lib/auth/actor.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { makeAccountWithTeam } from "@/lib/domain/opportunities/testing.ts";
import { getWorkload } from "./queries.ts";

/** What the workload must show: a live count over the twelve months up to this instant. */
async function liveCounts(userId: string) {
  const [row] = await db.$queryRaw<{ raised: number; converted: number }[]>`
    SELECT count(*)::int AS raised, count(*) FILTER (WHERE status = 'converted')::int AS converted
    FROM csqls WHERE created_by = ${userId}::uuid AND created_at >= now() - interval '365 days'`;
  return row;
}

/**
 * The CSM workload's CSQL counts come from per-month counts kept by triggers (migration 0026) and
 * an exact count of the first, partial month: they must equal a live count at every step.
 */
describe("CSQLs raised in the workload", () => {
  it("count exactly the last 365 days through inserts, conversions, rejections, moves and deletes", async () => {
    const viewer = await loadActor((await makeUser("leader")).id);
    const [csm, other] = [await makeUser("csm"), await makeUser("csm")];
    const account = await makeAccountWithTeam({ csmId: csm.id });
    const opportunity = await db.opportunity.create({ data: { accountId: account.id, name: `Lead ${unique()}` } });
    const shown = async (userId: string) => {
      const item = (await getWorkload(viewer!, { role: "csm", parentsOnly: false })).find((row) => row.user.id === userId)!;
      return { raised: item.csqlsRaised, converted: item.csqlsConverted };
    };
    const check = async (after: string) => {
      for (const userId of [csm.id, other.id]) expect(await shown(userId), `after ${after}`).toEqual(await liveCounts(userId));
    };

    // Just inside and just outside the window (the partial month), a whole month inside, and now.
    const ids = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO csqls (account_id, title, kind, created_by, created_at)
      SELECT ${account.id}::uuid, 'Lead ' || n, 'expansion', ${csm.id}::uuid, at
      FROM unnest(ARRAY[now() - interval '365 days' + interval '1 hour', now() - interval '365 days' - interval '1 hour',
                        now() - interval '400 days', now() - interval '100 days', now()]) WITH ORDINALITY AS x(at, n)
      RETURNING id::text`;
    expect(await liveCounts(csm.id)).toEqual({ raised: 3, converted: 0 });
    await check("five CSQLs in one statement, three of them in the window");

    await db.$executeRaw`UPDATE csqls SET status = 'converted', opportunity_id = ${opportunity.id}::uuid WHERE id = ${ids[3].id}::uuid`;
    await check("a conversion");
    await db.$executeRaw`UPDATE csqls SET status = 'rejected', reject_reason = 'No budget' WHERE id = ${ids[0].id}::uuid`;
    await check("a rejection");
    await db.$executeRaw`UPDATE csqls SET created_by = ${other.id}::uuid WHERE id = ANY(${ids.map((row) => row.id)}::uuid[])`;
    await check("every CSQL moved to another raiser");
    await db.$executeRaw`DELETE FROM csqls WHERE id = ${ids[3].id}::uuid`;
    await check("a converted CSQL deleted");
    expect(await shown(other.id)).toEqual({ raised: 2, converted: 0 });
  });
});
