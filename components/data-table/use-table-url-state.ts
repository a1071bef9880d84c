"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useTransition } from "react";
import {
  filterQuery, hasPreviousPage, nextPage, parseTableParams, previousPage, serializeTableParams,
  toHref, withFilters, withHidden, withLimit, withSort,
  type FilterPatch, type TableSort, type TableUrlState,
} from "./url-state.ts";

export type TableUrlOptions = {
  /** Whitelisted sort keys; any other `sort=` in the URL is ignored. */
  sortable: readonly string[];
  /** Columns hidden while the URL has no `hide=`. */
  defaultHidden?: readonly string[];
};

export type TableUrl = {
  state: TableUrlState;
  /** Hidden column ids in effect (the URL's, or the defaults). */
  hidden: readonly string[];
  /** True while the server renders the page for a URL this hook wrote. */
  isPending: boolean;
  hasPrevious: boolean;
  setSort: (sort: TableSort | null) => void;
  /** Set or clear (null / "") filter params; goes back to page 1. `replace` for typing-as-you-go. */
  setFilters: (patch: FilterPatch, options?: { replace?: boolean }) => void;
  setLimit: (limit: number) => void;
  setHidden: (hidden: readonly string[]) => void;
  goToNextPage: (nextCursor: string) => void;
  goToPreviousPage: () => void;
  /** Filters and sort as a query string (no page), for export links. */
  filterQuery: string;
};

const EMPTY: readonly string[] = [];

export function useTableUrlState({ sortable, defaultHidden = EMPTY }: TableUrlOptions): TableUrl {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isPending, startTransition] = useTransition();

  // Callers pass array literals; key the memo on content so the state is stable across renders.
  const sortableKey = sortable.join("\n");
  const hiddenKey = defaultHidden.join("\n");
  const initialHidden = useMemo(() => (hiddenKey ? hiddenKey.split("\n") : []), [hiddenKey]);
  const state = useMemo(
    () => parseTableParams(searchParams, { sortable: sortableKey.split("\n") }),
    [searchParams, sortableKey],
  );

  const hrefFor = useCallback(
    (next: TableUrlState) => toHref(pathname, serializeTableParams(next, { defaultHidden: initialHidden })),
    [pathname, initialHidden],
  );

  // push (not replace) so Back returns to the previous page, sort or filter; in a transition
  // so the current rows stay on screen, marked busy, until the server has rendered the next ones.
  const navigate = useCallback(
    (next: TableUrlState, replace = false) => {
      const href = hrefFor(next);
      startTransition(() => {
        if (replace) router.replace(href, { scroll: false });
        else router.push(href, { scroll: false });
      });
    },
    [hrefFor, router],
  );

  return useMemo<TableUrl>(() => ({
    state,
    hidden: state.hidden ?? initialHidden,
    isPending,
    hasPrevious: hasPreviousPage(state),
    setSort: (sort) => navigate(withSort(state, sort)),
    setFilters: (patch, options) => navigate(withFilters(state, patch), options?.replace),
    setLimit: (limit) => navigate(withLimit(state, limit)),
    // Showing or hiding a column changes no rows: rewrite the URL in place, without a server
    // render or a history entry (Next keeps useSearchParams in sync with replaceState).
    setHidden: (hidden) => window.history.replaceState(null, "", hrefFor(withHidden(state, hidden))),
    goToNextPage: (nextCursor) => navigate(nextPage(state, nextCursor)),
    goToPreviousPage: () => navigate(previousPage(state)),
    filterQuery: filterQuery(state),
  }), [state, initialHidden, isPending, navigate, hrefFor]);
}

export const DataTableUrlContext = createContext<TableUrl | null>(null);

/**
 * For filter controls rendered in a DataTable's `filters` slot: the table's URL state, so a
 * filter change resets the page and shows the same loading state as paging does.
 */
export function useDataTableUrl(): TableUrl {
  const url = useContext(DataTableUrlContext);
  if (!url) throw new Error("useDataTableUrl() must be used inside a <DataTable>.");
  return url;
}
