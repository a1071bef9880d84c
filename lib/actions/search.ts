"use server";
import { action } from "@/lib/auth/action.ts";
import { search } from "@/lib/domain/search/search.ts";
import { searchQuery } from "@/lib/domain/search/schemas.ts";

/** The command palette's search, as the signed-in user. */
export const searchAction = action(searchQuery, async ({ actor }, input) => search(actor, input));
