/** The opportunities table's filter params, shared by the server page and the filter controls. */
export const FILTER_KEYS = [
  "q", "accountId", "stage", "open", "csmId", "primarySaId", "supportingSaId", "segment", "region", "overridden", "closeFrom", "closeTo", "amountMin", "amountMax",
] as const;
