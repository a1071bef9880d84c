"use server";
import { action } from "@/lib/auth/action.ts";
import { suggestMappingInput } from "@/lib/domain/imports/schemas.ts";
import { suggestMapping } from "@/lib/domain/imports/suggest-mapping.ts";

export const suggestMappingAction = action(suggestMappingInput, async ({ actor }, input) => suggestMapping(actor, input));
