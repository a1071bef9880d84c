"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action.ts";
import { issueToken } from "@/lib/domain/users/issue-token.ts";
import { endSessions } from "@/lib/domain/users/end-sessions.ts";
import { revokeToken } from "@/lib/domain/users/revoke-token.ts";
import { idSchema, issueTokenInput } from "@/lib/domain/users/schemas.ts";

// Token actions for Admin → Users → a user and for "My tokens"; the pages hand them to the
// token panel as props, so components never import from app/.
const revalidate = (userId: string) => {
  revalidatePath("/my-tokens");
  revalidatePath(`/admin/users/${userId}`);
};

export const issueTokenAction = action(issueTokenInput.extend({ userId: idSchema }), async (context, { userId, ...input }) => {
  const issued = await issueToken(context, userId, input);
  revalidate(userId);
  return issued;
});

export const revokeTokenAction = action(z.object({ userId: idSchema, tokenId: idSchema }), async (context, { userId, tokenId }) => {
  const token = await revokeToken(context, userId, tokenId);
  revalidate(userId);
  return token;
});

export const endMySessionsAction = action(z.object({}), async (context) => {
  await endSessions(context, context.actor.id);
  return { ended: true };
});
