"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { assignmentImpact, assignmentImpactQuery } from "@/lib/domain/accounts/assignment-impact.ts";
import { bulkAssignRole, bulkAssignRoleInput } from "@/lib/domain/accounts/bulk-assign-role.ts";
import { followParentCsmInput, followParentCsmPreview, setFollowsParentCsm } from "@/lib/domain/accounts/follow-parent-csm.ts";
import { searchAccounts } from "@/lib/domain/accounts/related.ts";
import { assignRoleInput, updateAccountInput } from "@/lib/domain/accounts/schemas.ts";
import { updateAccount } from "@/lib/domain/accounts/update-account.ts";
import { roleKeySchema } from "@/lib/domain/roles/schemas.ts";
import { eligibleUsers, eligibleUsersQuery } from "@/lib/domain/users/eligible-users.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";

/** Every screen that shows an account's team or its opportunities' CSMs. */
function revalidateAccounts(accountIds: string[] = []) {
  revalidatePath("/accounts");
  revalidatePath("/my-book");
  revalidatePath("/opportunities", "layout");
  for (const id of accountIds) revalidatePath(`/accounts/${id}`);
}

export const searchEligibleUsersAction = action(eligibleUsersQuery, ({ actor }, input) => eligibleUsers(actor, input));

export const assignmentImpactAction = action(assignmentImpactQuery, ({ actor }, input) => assignmentImpact(actor, input));

export const searchAccountsAction = action(z.object({ q: z.string().trim().max(255) }), ({ actor }, { q }) => searchAccounts(actor, q));

export const assignRoleAction = action(
  assignRoleInput.extend({ accountId: idSchema, roleKey: roleKeySchema }),
  async (context, { accountId, roleKey, ...input }) => {
    const result = await assignAccountRole(context, accountId, roleKey, input);
    revalidateAccounts([accountId]);
    return { stamped: result.stamped, cascaded: result.cascaded };
  },
);

export const bulkAssignRoleAction = action(bulkAssignRoleInput, async (context, input) => {
  const result = await bulkAssignRole(context, input);
  revalidateAccounts(input.accountIds);
  return result;
});

export const updateAccountAction = action(updateAccountInput.extend({ id: idSchema }), async (context, { id, ...input }) => {
  const account = await updateAccount(context, id, input);
  revalidateAccounts([id]);
  return { version: account.version };
});

export const followParentCsmPreviewAction = action(z.object({ accountId: idSchema }), ({ actor }, { accountId }) => followParentCsmPreview(actor, accountId));

export const followParentCsmAction = action(followParentCsmInput.extend({ accountId: idSchema }), async (context, { accountId, ...input }) => {
  const result = await setFollowsParentCsm(context, accountId, input);
  revalidateAccounts([accountId]);
  return result;
});
