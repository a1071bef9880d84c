"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { setPreferences } from "@/lib/domain/notifications/preferences.ts";
import { markRead } from "@/lib/domain/notifications/queries.ts";
import { markReadInput, notificationPreferencesInput } from "@/lib/domain/notifications/schemas.ts";

export const markReadAction = action(markReadInput, async ({ actor }, input) => {
  const result = await markRead(actor, input);
  revalidatePath("/notifications");
  return result;
});

export const setPreferencesAction = action(notificationPreferencesInput, async ({ actor }, input) => {
  const preferences = await setPreferences(actor, input);
  revalidatePath("/settings/notifications");
  return preferences;
});
