/** The accounts table's filter params, shared by the server page and the filter controls. */
export const ACCOUNT_FILTER_KEYS = ["q", "csmId", "saId", "roleKey", "holderId", "unassignedRole", "segment", "region", "level"] as const;
export type AccountFilterKey = (typeof ACCOUNT_FILTER_KEYS)[number];
export const ACCOUNT_SORTABLE = ["name", "arr"] as const;
