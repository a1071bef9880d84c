import "server-only";
import { Connection } from "jsforce";
import { backoffBaseMs, COLLECTION_SIZE, COLLECTIONS_PER_CALL, MAX_REQUEST_RETRIES, RECORDS_PER_CALL, type SalesforceConfig, salesforceConfig } from "./config.ts";

/** Salesforce refused or failed a whole request; `code` is its errorCode (or ERROR_HTTP_<status>). */
export class SalesforceError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "SalesforceError";
  }
}

type TokenResponse = { access_token: string; instance_url: string; id: string; token_type: string; issued_at: string; signature: string };

/**
 * OAuth 2.0 client credentials: jsforce has no helper for this grant, so this one request is a
 * plain POST to the token endpoint; everything after it goes through jsforce.
 */
async function requestToken(config: SalesforceConfig, onCall: () => void): Promise<TokenResponse> {
  onCall();
  let response: Response;
  try {
    response = await fetch(`${config.loginUrl}/services/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: config.clientId, client_secret: config.clientSecret }),
    });
  } catch (error) {
    throw new SalesforceError("UNREACHABLE", `Salesforce cannot be reached at ${config.loginUrl} (${(error as Error).message}).`);
  }
  const body = (await response.json().catch(() => null)) as (TokenResponse & { error?: string; error_description?: string }) | null;
  if (!response.ok || !body?.access_token) {
    throw new SalesforceError(body?.error ?? `ERROR_HTTP_${response.status}`, `Salesforce refused the sync's credentials: ${body?.error_description ?? response.statusText}.`);
  }
  return body;
}

const RETRIABLE = new Set(["REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "ERROR_HTTP_503", "ERROR_HTTP_502", "ERROR_HTTP_504", "UNABLE_TO_LOCK_ROW"]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function codeOf(error: unknown): string {
  const e = error as { errorCode?: string; name?: string; code?: string };
  return e?.errorCode ?? (e instanceof SalesforceError ? e.code : undefined) ?? e?.code ?? e?.name ?? "UNKNOWN";
}

export type SaveResult = { id?: string; success: boolean; errors: { statusCode: string; message: string; fields?: string[] }[]; created?: boolean };
export type QueryPage<T> = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: T[] };
type Collection = { path: string; records: Record<string, unknown>[] };
type Subresult = { body: unknown; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string };

/** Records in sObject Collections of COLLECTION_SIZE; at most RECORDS_PER_CALL of them (one composite call). */
function inCollections(records: Record<string, unknown>[]): Record<string, unknown>[][] {
  if (records.length > RECORDS_PER_CALL) throw new Error(`at most ${RECORDS_PER_CALL} records a composite call`);
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < records.length; start += COLLECTION_SIZE) chunks.push(records.slice(start, start + COLLECTION_SIZE));
  return chunks;
}

export type DescribeField = { name: string; label: string; type: string; referenceTo?: string[]; updateable: boolean };

/**
 * One authenticated client for a run. Every call counts (`calls`: the real limit is API calls per
 * day), an expired session is renewed by jsforce through `refreshFn` (INVALID_SESSION_ID → a new
 * client-credentials token, then the call again), and rate limits and outages are waited out with
 * exponential backoff before the run gives up.
 */
export class SalesforceClient {
  calls = 0;
  private constructor(private readonly conn: Connection) {}

  static async connect(config = salesforceConfig()): Promise<SalesforceClient> {
    if (!config) throw new SalesforceError("NOT_CONFIGURED", "Salesforce is not configured (SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET).");
    let client: SalesforceClient | null = null;
    const count = () => { if (client) client.calls++; else pending++; };
    let pending = 0;
    const token = await requestToken(config, count);
    const conn = new Connection({
      version: config.version,
      instanceUrl: token.instance_url,
      accessToken: token.access_token,
      refreshFn: (connection, callback) => {
        requestToken(config, count)
          .then((fresh) => {
            connection.instanceUrl = fresh.instance_url;
            callback(null, fresh.access_token, fresh as never);
          })
          .catch((error: Error) => callback(error));
      },
    });
    // The call that met the expired session is sent again after the refresh: count it too.
    conn.on("refresh", () => count());
    client = new SalesforceClient(conn);
    client.calls = pending;
    return client;
  }

  /**
   * The process's client for this configuration: one token serves every run until Salesforce says
   * it expired (then jsforce renews it), instead of a token request a minute.
   */
  static async shared(): Promise<SalesforceClient> {
    const config = salesforceConfig();
    const key = JSON.stringify(config);
    const cache = globalThis as unknown as { rosterSalesforce?: { key: string; client: Promise<SalesforceClient> } };
    if (cache.rosterSalesforce?.key !== key) {
      const client = SalesforceClient.connect(config);
      cache.rosterSalesforce = { key, client };
      // A failed connection is not kept: the next run tries again.
      client.catch(() => { if (cache.rosterSalesforce?.client === client) cache.rosterSalesforce = undefined; });
    }
    return cache.rosterSalesforce.client;
  }

  /** Runs one API call, waiting out REQUEST_LIMIT_EXCEEDED and 503 with exponential backoff. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      this.calls++;
      try {
        return await send();
      } catch (error) {
        const code = codeOf(error);
        if (!RETRIABLE.has(code) || attempt >= MAX_REQUEST_RETRIES) {
          throw new SalesforceError(code, `Salesforce answered ${code}: ${(error as Error).message}`.slice(0, 1000));
        }
        await sleep(backoffBaseMs() * 2 ** attempt * (1 + Math.random() * 0.25));
      }
    }
  }

  /** The first page of a SOQL query (`all`: queryAll, which includes deleted records). */
  query<T>(soql: string, { all = false } = {}): Promise<QueryPage<T>> {
    return this.call(async () => (await this.conn.query(soql, { scanAll: all, autoFetch: false })) as unknown as QueryPage<T>);
  }

  queryMore<T>(nextRecordsUrl: string): Promise<QueryPage<T>> {
    return this.call(async () => (await this.conn.queryMore(nextRecordsUrl, { autoFetch: false } as never)) as unknown as QueryPage<T>);
  }

  /** Every page of a query, one at a time (query, then queryMore with nextRecordsUrl). */
  async *pages<T>(soql: string, options: { all?: boolean } = {}): AsyncGenerator<T[]> {
    let page = await this.query<T>(soql, options);
    yield page.records;
    while (!page.done && page.nextRecordsUrl) {
      page = await this.queryMore<T>(page.nextRecordsUrl);
      yield page.records;
    }
  }

  async describe(object: string): Promise<DescribeField[]> {
    const result = await this.call(() => this.conn.sobject(object).describe());
    return result.fields as unknown as DescribeField[];
  }

  /**
   * sObject Collections writes (update: `/composite/sobjects`; upsert: `/composite/sobjects/{Object}/{Field}`),
   * up to COLLECTIONS_PER_CALL of them (≤ 200 records each) in one Composite call: "the entire series
   * of requests counts as a single call toward your API limits", so 1,000 records cost one call
   * instead of five. allOrNone is false at both levels: one refused record, or one refused
   * collection, holds back nothing else. Returns each collection's SaveResults in record order; a
   * collection Salesforce refused as a whole (a 4xx subrequest with an error body) gives each of its
   * records that error, so they wait and are retried like any refused record. When every collection
   * was refused it is the call that failed (a broken mapping, a limit): thrown, so the run stops and
   * the checkpoint stays, and REQUEST_LIMIT_EXCEEDED or an outage is waited out as for any call.
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
   */
  collections(requests: Collection[]): Promise<SaveResult[][]> {
    if (requests.length === 0) return Promise.resolve([]);
    if (requests.length > COLLECTIONS_PER_CALL) throw new Error(`at most ${COLLECTIONS_PER_CALL} collections a composite call`);
    const referenceId = (index: number) => `collection${index}`;
    return this.call(async () => {
      const answer = await this.conn.requestPost<{ compositeResponse: Subresult[] }>("/composite", {
        allOrNone: false,
        compositeRequest: requests.map((request, index) => ({
          method: "PATCH", url: `/services/data/v${this.conn.version}${request.path}`, referenceId: referenceId(index),
          body: { allOrNone: false, records: request.records },
        })),
      });
      const byReference = new Map((answer.compositeResponse ?? []).map((sub) => [sub.referenceId, sub]));
      let refusedWhole = null as SalesforceError | null;
      let refused = 0;
      const results = requests.map((request, index) => {
        const sub = byReference.get(referenceId(index));
        if (sub && sub.httpStatusCode < 300 && Array.isArray(sub.body)) return sub.body as SaveResult[];
        const error = Array.isArray(sub?.body) ? (sub.body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
        const code = error?.errorCode ?? (sub ? `ERROR_HTTP_${sub.httpStatusCode}` : "NO_RESULT");
        const message = error?.message ?? "Salesforce gave no result for this collection.";
        refused++;
        refusedWhole = new SalesforceError(code, message);
        return request.records.map((): SaveResult => ({ success: false, errors: [{ statusCode: code, message }] }));
      });
      if (refusedWhole && refused === requests.length) throw refusedWhole;
      return results;
    });
  }

  /** sObject Collections update of records with Ids, ≤ 1,000 records (5 collections of 200) a call. */
  update(records: Record<string, unknown>[]): Promise<SaveResult[]> {
    return this.collections(inCollections(records).map((chunk) => ({ path: "/composite/sobjects", records: chunk }))).then((lists) => lists.flat());
  }

  /** sObject Collections upsert by an external id field: creates or updates, idempotent on the key; ≤ 1,000 records a call. */
  upsert(object: string, externalIdField: string, records: Record<string, unknown>[]): Promise<SaveResult[]> {
    return this.collections(inCollections(records).map((chunk) => ({ path: `/composite/sobjects/${object}/${externalIdField}`, records: chunk }))).then((lists) => lists.flat());
  }
}

/** SOQL string literal. */
export const soqlString = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
/** SOQL dateTime literal (unquoted). */
export const soqlDateTime = (value: Date) => value.toISOString();
/** Salesforce dateTimes read 2024-05-01T12:00:00.000+0000. */
export const parseSalesforceDate = (value: string) => new Date(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
