import "server-only";
import { redirect } from "next/navigation";
import type { SearchParamsInput } from "@/components/data-table/url-state.ts";
import type { SavedView, SavedViewTable } from "@/lib/domain/saved-views/schemas.ts";

/**
 * Opening a table with nothing in its URL (the menu link, a bookmark of the bare path) applies
 * one's default view, by going to its URL: what is on screen is always what the URL says. Any
 * parameter — also `view=none`, "no view" — leaves the table as asked.
 */
export function openDefaultView(table: SavedViewTable, params: SearchParamsInput, views: SavedView[]): void {
  const bare = Object.values(params as Record<string, unknown>).every((value) => value === undefined);
  const preferred = views.find((view) => view.isDefault);
  if (bare && preferred) redirect(`/${table}?${new URLSearchParams([["view", preferred.id], ...new URLSearchParams(preferred.query)])}`);
}
