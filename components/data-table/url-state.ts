// Table state lives in the URL so a list view can be shared, bookmarked and walked with Back.
// Pure functions only: server pages import `parseTableParams` to build their query, the client
// hook (use-table-url-state.ts) uses the same functions to write the next URL.

export const LIMITS = [25, 50, 100] as const;
export type Limit = (typeof LIMITS)[number];
export const DEFAULT_LIMIT: Limit = 50;
/** Cursors kept for "Previous"; past this the oldest are dropped (Previous then ends on page 1). */
export const MAX_PREVIOUS = 50;
/** Params the table owns; every other param is a filter. */
export const RESERVED_PARAMS = ["sort", "cursor", "prev", "limit", "hide", "view"] as const;

export type TableSort = { key: string; desc: boolean };
export type FilterValue = string | string[];

export type TableUrlState = {
  sort: TableSort | null;
  cursor: string | null;
  /** Cursors of the pages before this one, oldest first; "" stands for the first page. */
  prev: string[];
  limit: Limit;
  /** Hidden column ids; null = not in the URL, so the table's defaults apply. */
  hidden: string[] | null;
  /**
   * The saved view the table was opened with (its id, or "none"), kept while its filters are
   * changed, so the table can say "changed" and a URL with nothing else in it still differs
   * from the bare path that applies one's default view.
   */
  view: string | null;
  filters: Record<string, FilterValue>;
};

/** What Next gives a page as `searchParams`, or anything URLSearchParams-like. */
export type SearchParamsInput =
  | URLSearchParams
  | { entries(): IterableIterator<[string, string]> }
  | Record<string, string | string[] | undefined>;

export type ParseOptions = { sortable: readonly string[] };

function pairs(input: SearchParamsInput): [string, string][] {
  if (typeof (input as URLSearchParams).entries === "function" && !isPlainRecord(input)) {
    return [...(input as URLSearchParams).entries()];
  }
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(input as Record<string, string | string[] | undefined>)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push([key, v]);
  }
  return out;
}

function isPlainRecord(input: unknown): boolean {
  const proto = Object.getPrototypeOf(input);
  return proto === Object.prototype || proto === null;
}

const isReserved = (key: string) => (RESERVED_PARAMS as readonly string[]).includes(key);

/** `key` ascending, `-key` descending; anything not whitelisted is ignored, never passed on. */
export function parseSort(raw: string | null | undefined, sortable: readonly string[]): TableSort | null {
  if (!raw) return null;
  const desc = raw.startsWith("-");
  const key = desc ? raw.slice(1) : raw;
  return sortable.includes(key) ? { key, desc } : null;
}

export function serializeSort(sort: TableSort | null): string | null {
  return sort ? `${sort.desc ? "-" : ""}${sort.key}` : null;
}

export function parseLimit(raw: string | null | undefined): Limit {
  const n = Number(raw);
  return (LIMITS as readonly number[]).includes(n) ? (n as Limit) : DEFAULT_LIMIT;
}

// Each entry is URI-encoded so a cursor containing a comma cannot split the list.
function parsePrev(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  try {
    return raw.split(",").map(decodeURIComponent).slice(-MAX_PREVIOUS);
  } catch {
    return []; // a mangled stack only costs the way back; page 1 stays reachable
  }
}

function parseList(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  return raw.split(",").map((s) => s.trim()).filter(Boolean);
}

export function parseTableParams(input: SearchParamsInput, options: ParseOptions): TableUrlState {
  const first = new Map<string, string>();
  const filters: Record<string, FilterValue> = {};
  for (const [key, value] of pairs(input)) {
    if (isReserved(key)) {
      if (!first.has(key)) first.set(key, value);
      continue;
    }
    if (value === "") continue;
    const existing = filters[key];
    filters[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const cursor = first.get("cursor") || null;
  return {
    sort: parseSort(first.get("sort"), options.sortable),
    cursor,
    // A stack without a current cursor is meaningless (we are on page 1).
    prev: cursor ? parsePrev(first.get("prev")) : [],
    limit: parseLimit(first.get("limit")),
    hidden: parseList(first.get("hide")),
    view: first.get("view") || null,
    filters,
  };
}

export type SerializeOptions = {
  /** When `hidden` equals these, `hide` is left out of the URL. */
  defaultHidden?: readonly string[];
};

export function serializeTableParams(state: TableUrlState, options: SerializeOptions = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (state.view) params.set("view", state.view);
  for (const [key, value] of Object.entries(state.filters)) {
    if (isReserved(key)) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (v !== "") params.append(key, v);
  }
  const sort = serializeSort(state.sort);
  if (sort) params.set("sort", sort);
  if (state.limit !== DEFAULT_LIMIT) params.set("limit", String(state.limit));
  if (state.hidden && !sameSet(state.hidden, options.defaultHidden ?? [])) params.set("hide", state.hidden.join(","));
  if (state.cursor) {
    params.set("cursor", state.cursor);
    if (state.prev.length) params.set("prev", state.prev.slice(-MAX_PREVIOUS).map(encodeURIComponent).join(","));
  }
  return params;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function toHref(pathname: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

const firstPage = { cursor: null, prev: [] as string[] };

// Transitions. Anything that changes which rows match or their order starts again at page 1,
// because a keyset cursor is only meaningful for the query that produced it.

export function withSort(state: TableUrlState, sort: TableSort | null): TableUrlState {
  return { ...state, ...firstPage, sort };
}

export type FilterPatch = Record<string, FilterValue | null | undefined>;

export function withFilters(state: TableUrlState, patch: FilterPatch): TableUrlState {
  const filters = { ...state.filters };
  for (const [key, value] of Object.entries(patch)) {
    if (isReserved(key)) continue;
    const empty = value == null || value === "" || (Array.isArray(value) && value.length === 0);
    if (empty) delete filters[key];
    else filters[key] = value;
  }
  return { ...state, ...firstPage, filters };
}

export function withLimit(state: TableUrlState, limit: number): TableUrlState {
  return { ...state, ...firstPage, limit: parseLimit(String(limit)) };
}

export function withHidden(state: TableUrlState, hidden: readonly string[]): TableUrlState {
  return { ...state, hidden: [...hidden] };
}

export function nextPage(state: TableUrlState, nextCursor: string): TableUrlState {
  const prev = [...state.prev, state.cursor ?? ""].slice(-MAX_PREVIOUS);
  return { ...state, cursor: nextCursor, prev };
}

export function previousPage(state: TableUrlState): TableUrlState {
  if (!state.cursor) return state;
  const prev = state.prev.slice(0, -1);
  const cursor = state.prev.at(-1) || null;
  return { ...state, cursor, prev: cursor ? prev : [] };
}

export function hasPreviousPage(state: TableUrlState): boolean {
  return state.cursor !== null;
}

/**
 * The query string for an export or another view of the same rows: filters and sort only,
 * since an export covers every page.
 */
export function filterQuery(state: TableUrlState): string {
  return serializeTableParams({ ...state, ...firstPage, limit: DEFAULT_LIMIT, hidden: null, view: null }).toString();
}

/**
 * What a saved view keeps: filters, sort, page size and hidden columns (when not the table's
 * defaults) — everything but the page and the view itself.
 */
export function viewQuery(state: TableUrlState, options: SerializeOptions = {}): string {
  return serializeTableParams({ ...state, ...firstPage, view: null }, options).toString();
}

/** Two queries that hold the same parameters, in any order. */
export function sameQuery(a: string, b: string): boolean {
  const norm = (query: string) => [...new URLSearchParams(query)].map(([k, v]) => `${k}=${v}`).sort().join("&");
  return norm(a) === norm(b);
}

/**
 * Identity of the rows on screen: changes when the page, sort, filters or page size change,
 * but not when columns are shown or hidden. Selection is scoped to it.
 */
export function pageKey(state: TableUrlState): string {
  return serializeTableParams({ ...state, hidden: null }).toString();
}
