"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { action } from "@/lib/auth/action.ts";
import { logActivity } from "@/lib/domain/activities/log-activity.ts";
import { logActivityInput } from "@/lib/domain/activities/schemas.ts";
import { addSupportingSa } from "@/lib/domain/opportunities/add-supporting-sa.ts";
import { mergeOpportunity } from "@/lib/domain/opportunities/merge-opportunity.ts";
import { clearCsmOverride, overrideCsm } from "@/lib/domain/opportunities/override-csm.ts";
import { removeSupportingSa } from "@/lib/domain/opportunities/remove-supporting-sa.ts";
import { mergeInput, setUserInput, stageSchema, supportingSaInput } from "@/lib/domain/opportunities/schemas.ts";
import { setPrimarySa } from "@/lib/domain/opportunities/set-primary-sa.ts";
import { listOpportunitiesForTable } from "@/lib/domain/opportunities/table-query.ts";
import { updateOpportunity } from "@/lib/domain/opportunities/update-opportunity.ts";
import type { OpportunityView } from "@/lib/domain/opportunities/schemas.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";

const withId = { id: idSchema };

/** Every screen that shows this opportunity renders fresh after a change to it. */
function refresh(opportunity: Pick<OpportunityView, "id" | "accountId">, alsoId?: string) {
  revalidatePath(`/opportunities/${opportunity.id}`);
  if (alsoId) revalidatePath(`/opportunities/${alsoId}`);
  revalidatePath("/opportunities");
  revalidatePath("/my-opportunities");
  revalidatePath(`/accounts/${opportunity.accountId}`);
}

export const changeStageAction = action(
  z.object({ ...withId, stage: stageSchema, version: z.number().int().min(1) }),
  async (context, { id, stage, version }) => {
    const opportunity = await updateOpportunity(context, id, { stage, version });
    refresh(opportunity);
    return opportunity;
  },
);

export const overrideCsmAction = action(setUserInput.extend(withId), async (context, { id, userId, reason }) => {
  const opportunity = await overrideCsm(context, id, userId, reason);
  refresh(opportunity);
  return opportunity;
});

export const clearCsmOverrideAction = action(z.object(withId), async (context, { id }) => {
  const opportunity = await clearCsmOverride(context, id);
  refresh(opportunity);
  return opportunity;
});

export const setPrimarySaAction = action(setUserInput.extend(withId), async (context, { id, userId, reason }) => {
  const opportunity = await setPrimarySa(context, id, userId, reason);
  refresh(opportunity);
  return opportunity;
});

export const addSupportingSaAction = action(supportingSaInput.extend(withId), async (context, { id, userId }) => {
  const opportunity = await addSupportingSa(context, id, userId);
  refresh(opportunity);
  return opportunity;
});

export const removeSupportingSaAction = action(supportingSaInput.extend(withId), async (context, { id, userId }) => {
  const opportunity = await removeSupportingSa(context, id, userId);
  refresh(opportunity);
  return opportunity;
});

export const mergeOpportunityAction = action(mergeInput.extend(withId), async (context, { id, intoId }) => {
  const opportunity = await mergeOpportunity(context, id, intoId);
  refresh(opportunity, intoId);
  return opportunity;
});

/**
 * The merge dialog's search: opportunities of the same account that can take the merge (not
 * merged themselves), by name or CRM id. A read, but it runs as the user types in a dialog.
 */
export const searchMergeTargetsAction = action(
  z.object({ ...withId, accountId: idSchema, q: z.string().trim().max(255) }),
  async ({ actor }, { id, accountId, q }) => {
    const { items } = await listOpportunitiesForTable(actor, {
      accountId, q: q || undefined, merged: false, sort: "name", dir: "asc", limit: 21,
    });
    return items.filter((item) => item.id !== id).slice(0, 20);
  },
);

export const logActivityAction = action(logActivityInput, async (context, input) => {
  const activity = await logActivity(context, input);
  if (input.opportunityId) revalidatePath(`/opportunities/${input.opportunityId}`);
  if (activity.attributedOpportunityId) revalidatePath(`/opportunities/${activity.attributedOpportunityId}`);
  revalidatePath(`/accounts/${input.accountId}`);
  return activity;
});
