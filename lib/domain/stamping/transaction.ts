import "server-only";

/**
 * Options for transactions that may stamp thousands of opportunities: they can wait behind other
 * writers of the same account (the account lock serializes them) and then take a while to run.
 */
export const STAMPING_TX = { timeout: 120_000, maxWait: 60_000 } as const;
