"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action.ts";
import { createSavedView } from "@/lib/domain/saved-views/create-saved-view.ts";
import { deleteSavedView } from "@/lib/domain/saved-views/delete-saved-view.ts";
import { createSavedViewInput, savedViewIdInput, updateSavedViewActionInput } from "@/lib/domain/saved-views/schemas.ts";
import { updateSavedView } from "@/lib/domain/saved-views/update-saved-view.ts";

// The tables read their views while rendering: render them again after a change.
const refresh = (table: string) => revalidatePath(`/${table}`);

export const createSavedViewAction = action(createSavedViewInput, async ({ actor }, input) => {
  const view = await createSavedView(actor, input);
  refresh(view.table);
  return view;
});

export const updateSavedViewAction = action(updateSavedViewActionInput, async ({ actor }, { id, changes }) => {
  const view = await updateSavedView(actor, id, changes);
  refresh(view.table);
  return view;
});

export const deleteSavedViewAction = action(savedViewIdInput, async ({ actor }, { id }) => {
  await deleteSavedView(actor, id);
  refresh("accounts");
  refresh("opportunities");
  return { deleted: id };
});
