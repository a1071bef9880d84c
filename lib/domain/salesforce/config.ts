import "server-only";

/**
 * The connector's settings come from the environment only: no Salesforce secret is ever stored in
 * the database. Without the three credentials the connector is off.
 */
export type SalesforceConfig = { loginUrl: string; clientId: string; clientSecret: string; version: string };

export function salesforceConfig(): SalesforceConfig | null {
  const loginUrl = process.env.SALESFORCE_LOGIN_URL?.trim();
  const clientId = process.env.SALESFORCE_CLIENT_ID?.trim();
  const clientSecret = process.env.SALESFORCE_CLIENT_SECRET?.trim();
  if (!loginUrl || !clientId || !clientSecret) return null;
  const version = process.env.SALESFORCE_API_VERSION?.trim() || "62.0";
  return { loginUrl: loginUrl.replace(/\/+$/, ""), clientId, clientSecret, version };
}

/** Backoff base for rate limits, outages and per-record retries (tests make it milliseconds). */
export const backoffBaseMs = () => Number(process.env.SALESFORCE_BACKOFF_MS ?? 1000);
/** Whole-request retries (REQUEST_LIMIT_EXCEEDED, 503) before a run gives up and tries again next minute. */
export const MAX_REQUEST_RETRIES = 6;
/** A record Salesforce refused this many times stops being retried by itself (it waits for a person). */
export const MAX_RECORD_ATTEMPTS = 8;
/** sObject Collections take at most 200 records each. */
export const COLLECTION_SIZE = 200;
/**
 * A Composite call carries up to 25 subrequests, of which at most 5 may be sObject Collections
 * (or queries), and counts as one API call: 5 × 200 = 1,000 records a call.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
 */
export const COLLECTIONS_PER_CALL = 5;
export const RECORDS_PER_CALL = COLLECTION_SIZE * COLLECTIONS_PER_CALL;
