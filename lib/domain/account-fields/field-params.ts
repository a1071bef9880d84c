/**
 * Account-field filters as the URL and the API carry them: `field.<key>=v` (repeatable, or
 * comma-separated for a picklist's multi-select), `field.<key>.min=` / `.max=` for numbers and
 * dates. Pure, so the server page, the API and the filter controls read them alike.
 */
// No zod here: the filter controls run in the browser, where zod's eval probe breaks the CSP.
export type FieldFilter = { key: string; values?: string[]; min?: string; max?: string };

const PARAM = /^field\.([a-z][a-z0-9_]{0,39})(?:\.(min|max))?$/;

export const isFieldParam = (name: string) => PARAM.test(name);
export const fieldParam = (key: string, bound?: "min" | "max") => (bound ? `field.${key}.${bound}` : `field.${key}`);
export const fieldSortKey = (key: string) => `field.${key}`;
export const fieldKeyOfSort = (sort: string) => (sort.startsWith("field.") ? sort.slice(6) : null);

export function readFieldParams(params: Iterable<[string, string | string[] | undefined]>): FieldFilter[] {
  const byKey = new Map<string, FieldFilter>();
  for (const [name, raw] of params) {
    const match = PARAM.exec(name);
    if (!match || raw === undefined) continue;
    const [, key, bound] = match;
    const list = (Array.isArray(raw) ? raw : [raw]).map((value) => value.trim()).filter(Boolean);
    if (list.length === 0) continue;
    const filter = byKey.get(key) ?? { key };
    if (bound) filter[bound as "min" | "max"] = list[0];
    else filter.values = [...(filter.values ?? []), ...list];
    byKey.set(key, filter);
  }
  return [...byKey.values()];
}

/** The same filters back into URL params (the export link, the filter controls). */
export function writeFieldParams(filters: FieldFilter[]): [string, string][] {
  return filters.flatMap((filter) => [
    ...(filter.values ?? []).map((value): [string, string] => [fieldParam(filter.key), value]),
    ...(filter.min ? [[fieldParam(filter.key, "min"), filter.min] as [string, string]] : []),
    ...(filter.max ? [[fieldParam(filter.key, "max"), filter.max] as [string, string]] : []),
  ]);
}
