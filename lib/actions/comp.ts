"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { action } from "@/lib/auth/action.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { listActivities } from "@/lib/domain/activities/queries.ts";
import { approveCompPeriod } from "@/lib/domain/comp/approve-comp-period.ts";
import { fixCredit } from "@/lib/domain/comp/fix-credit.ts";
import { fixCreditInput } from "@/lib/domain/comp/review-schemas.ts";
import { compPeriodInput } from "@/lib/domain/comp/schemas.ts";
import { fiscalYearStartInput } from "@/lib/domain/settings/schemas.ts";
import { setFiscalYearStartMonth } from "@/lib/domain/settings/set-fiscal-year-start.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";

export const fixCreditAction = action(fixCreditInput, async (context, input) => {
  const { opportunity, changed } = await fixCredit(context, input);
  revalidatePath("/comp");
  revalidatePath(`/opportunities/${opportunity.id}`);
  return { changed, csm: opportunity.csm?.name ?? null, primarySa: opportunity.primarySa?.name ?? null };
});

export const approvePeriodAction = action(compPeriodInput, async (context, period) => {
  const approval = await approveCompPeriod(context, period);
  revalidatePath("/comp");
  revalidatePath("/comp/approvals");
  return { id: approval.id, rows: approval.rows };
});

export const setFiscalYearStartAction = action(fiscalYearStartInput, async (context, input) => {
  const result = await setFiscalYearStartMonth(context, input);
  revalidatePath("/comp", "layout");
  return result;
});

/** The activities that count for one opportunity and why, for the review's attribution dialog. */
export const opportunityAttributionAction = action(z.object({ opportunityId: idSchema }), async ({ actor }, { opportunityId }) => {
  authorize(actor, "comp.read");
  const { items, nextCursor } = await listActivities(actor, { opportunityId, limit: 200 });
  return { items, more: nextCursor !== null };
});
