/**
 * A Salesforce API double: a real HTTP server on a free port with an in-memory org, answering
 * exactly the REST calls Roster's connector makes, in the shapes Salesforce documents:
 *
 * - OAuth 2.0 client credentials: POST /services/oauth2/token (form) → {access_token, signature,
 *   scope, instance_url, id, token_type, issued_at}
 *   https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm
 *   https://help.salesforce.com/apex/HTViewHelpDoc?id=service.conversation_transcript_api_sample1.htm (sample response)
 * - Query / QueryAll: GET /services/data/vXX.X/query?q= and /queryAll?q= → {totalSize, done,
 *   nextRecordsUrl?, records: [{attributes: {type, url}, ...fields}]}; more results at
 *   GET /services/data/vXX.X/query/01gXXXX-2000 (also /queryAll/…); queryAll includes deleted records
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query.md
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/dome-query.html
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall_more_results.htm
 * - sObject Describe: GET /services/data/vXX.X/sobjects/{Object}/describe → {name, label, keyPrefix,
 *   fields: [{name, label, type, referenceTo, updateable, nillable, ...}], urls, ...}
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_describe.htm
 * - sObject Collections update: PATCH /services/data/vXX.X/composite/sobjects {allOrNone, records:
 *   [{attributes: {type}, id, ...}]} (≤ 200) → 200 [{id, success, errors: [{statusCode, message, fields}]}]
 *   in request order; upsert: PATCH /composite/sobjects/{Object}/{ExternalIdField} → the same plus `created`
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
 * - Composite: POST /services/data/vXX.X/composite {allOrNone, compositeRequest: [{method, url,
 *   referenceId, body}]} (≤ 25 subrequests, ≤ 5 of them sObject Collections, API v43.0+; the whole
 *   series is one API call) → 200 {compositeResponse: [{body, httpHeaders, httpStatusCode,
 *   referenceId}]}, one result per subrequest; a subrequest that fails carries the error array as
 *   its body and its own 4xx status (the top level stays 200)
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/requests_composite.htm
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/responses_composite.htm
 * - Errors: [{message, errorCode, fields?}]; 401 INVALID_SESSION_ID when the token expired;
 *   403 REQUEST_LIMIT_EXCEEDED; 503 when unavailable; per-record UNABLE_TO_LOCK_ROW
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 *
 * Fault injection (`faults`) and a call count (`calls`) are for tests; `/__double/…` routes are the
 * double's own (not Salesforce's): a demo uses them to create a record as a rep would.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, fieldOf, OBJECTS } from "./schema.ts";
import { type Literal, matches, parseSoql, SoqlError, sortRecords } from "./soql.ts";

export type SfRecord = Record<string, unknown> & { Id: string; SystemModstamp: string; IsDeleted: boolean };
type ApiError = { message: string; errorCode: string; fields?: string[] };
export type CallKind = "token" | "query" | "queryMore" | "describe" | "update" | "upsert" | "composite" | "other";

export type DoubleOptions = { clientId?: string; clientSecret?: string; port?: number; host?: string; pageSize?: number; log?: boolean };

const ORG = "00D5e0000000001";

/** Salesforce's dateTime layout: 2024-05-01T12:00:00.000+0000. */
const stamp = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");

export class SalesforceOrg {
  readonly objects = new Map<string, Map<string, SfRecord>>(Object.keys(OBJECTS).map((name) => [name, new Map()]));
  private sequence = 0;
  private lastStampMs = 0;
  /** Ids differ between doubles too: tests that share a database each start their own. */
  private readonly tag = randomBytes(4).toString("hex").slice(0, 4).toUpperCase();

  /** Strictly increasing modstamps, so a watermark never has to guess about ties. */
  nextStamp(): string {
    this.lastStampMs = Math.max(Date.now(), this.lastStampMs + 1);
    return stamp(this.lastStampMs);
  }

  newId(object: string): string {
    // 18 characters, like a Salesforce Id: key prefix, instance, sequence, checksum-like suffix.
    const n = (++this.sequence).toString(36).toUpperCase().padStart(8, "0");
    return `${OBJECTS[object]!.keyPrefix}${this.tag}${n}AAA`;
  }

  table(object: string): Map<string, SfRecord> {
    const table = this.objects.get(object);
    if (!table) throw new Error(`no object ${object}`);
    return table;
  }

  /** Creates a record (as a rep in Salesforce would); `Id` may be given, to load a known data set. */
  insert(object: string, fields: Record<string, unknown>): SfRecord {
    const id = typeof fields.Id === "string" ? fields.Id : this.newId(object);
    const record = { ...fields, Id: id, IsDeleted: false, SystemModstamp: this.nextStamp() } as SfRecord;
    if (object === "Opportunity") record.IsClosed = /^Closed/.test(String(record.StageName ?? ""));
    this.table(object).set(id, record);
    return record;
  }

  /** Changes fields as a person in Salesforce would, bumping SystemModstamp. */
  update(object: string, id: string, fields: Record<string, unknown>): SfRecord {
    const record = this.table(object).get(id);
    if (!record) throw new Error(`no ${object} ${id}`);
    Object.assign(record, fields, { SystemModstamp: this.nextStamp() });
    if (object === "Opportunity") record.IsClosed = /^Closed/.test(String(record.StageName ?? ""));
    return record;
  }

  remove(object: string, id: string): void {
    this.update(object, id, { IsDeleted: true });
  }

  /** Merges an account into `masterId` as Salesforce does: the loser is deleted, pointing at the master. */
  mergeInto(object: string, id: string, masterId: string): void {
    this.update(object, id, { IsDeleted: true, MasterRecordId: masterId });
  }

  /** Restores a deleted record from the recycle bin (a new SystemModstamp, so the next poll reads it). */
  undelete(object: string, id: string): void {
    this.update(object, id, object === "Account" ? { IsDeleted: false, MasterRecordId: null } : { IsDeleted: false });
  }

  get(object: string, id: string): SfRecord | undefined {
    return this.table(object).get(id);
  }
}

type Fault = { remaining: number };
export class Faults {
  expired = new Set<string>();
  rateLimited: Fault = { remaining: 0 };
  unavailable: Fault = { remaining: 0 };
  /** The next `remaining` records sent in updates fail with UNABLE_TO_LOCK_ROW (only these ids, when given). */
  locked: Fault & { ids?: Set<string> } = { remaining: 0 };
  /** A pause before each answer, to let a test kill a client mid-batch. */
  delayMs = 0;
  /**
   * After `after` more composite calls, each next one is held open and never processed (counted
   * in `held`): a test kills the client while Salesforce "works" on it.
   */
  hold: { after: number; held: number } | null = null;
  /** The next `remaining` collection subrequests of a composite call are refused whole with this error. */
  refused: Fault & { errorCode: string } = { remaining: 0, errorCode: "" };

  /** Every token issued so far stops working: the next call is 401 INVALID_SESSION_ID. */
  expireSessions(tokens: Iterable<string>) {
    for (const token of tokens) this.expired.add(token);
  }
  rateLimit(requests: number) { this.rateLimited.remaining = requests; }
  unavailableFor(requests: number) { this.unavailable.remaining = requests; }
  lockRows(records: number, ids?: string[]) { this.locked = { remaining: records, ids: ids ? new Set(ids) : undefined }; }
  holdCompositeAfter(calls: number) { this.hold = { after: calls, held: 0 }; }
  refuseCollections(count: number, errorCode = "UNKNOWN_EXCEPTION") { this.refused = { remaining: count, errorCode }; }
  clear() {
    this.hold = null;
    this.refused = { remaining: 0, errorCode: "" };
    this.rateLimited.remaining = 0;
    this.unavailable.remaining = 0;
    this.locked = { remaining: 0 };
    this.delayMs = 0;
  }
}

/** `collections`: a composite call's record count per subrequest. */
export type Call = { kind: CallKind; method: string; path: string; status: number; records?: string[]; collections?: number[] };

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json;charset=UTF-8", ...headers });
  response.end(text);
}
const errors = (response: ServerResponse, status: number, ...list: ApiError[]) => send(response, status, list);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export type SalesforceDouble = Awaited<ReturnType<typeof startSalesforceDouble>>;

export async function startSalesforceDouble(options: DoubleOptions = {}) {
  const clientId = options.clientId ?? "roster-test-client";
  const clientSecret = options.clientSecret ?? "roster-test-secret";
  const pageSize = options.pageSize ?? 2000;
  const org = new SalesforceOrg();
  const faults = new Faults();
  const tokens = new Set<string>();
  const cursors = new Map<string, { object: string; records: Record<string, unknown>[]; totalSize: number }>();
  const calls: Call[] = [];
  let baseUrl = "";

  const record = (call: Call) => {
    calls.push(call);
    if (options.log) console.log(`[salesforce double] ${call.method} ${call.path} → ${call.status}${call.records ? ` (${call.records.length} records)` : ""}`);
  };

  function page(version: string, cursorId: string, offset: number) {
    const cursor = cursors.get(cursorId)!;
    const slice = cursor.records.slice(offset, offset + pageSize);
    const done = offset + slice.length >= cursor.records.length;
    if (done) cursors.delete(cursorId);
    return {
      totalSize: cursor.totalSize,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursorId}-${offset + slice.length}` }),
      records: slice,
    };
  }

  function runQuery(version: string, soql: string, all: boolean) {
    const query = parseSoql(soql);
    const object = Object.keys(OBJECTS).find((name) => name.toLowerCase() === query.object.toLowerCase());
    if (!object) throw new SoqlError(`sObject type '${query.object}' is not supported.`);
    for (const field of [...query.fields, ...query.where.map((c) => c.field), ...query.orderBy.map((o) => o.field)]) {
      if (!fieldOf(object, field)) throw new SoqlError(`No such column '${field}' on entity '${object}'.`);
    }
    const canonical = (name: string) => fieldOf(object, name)!.name;
    const where = query.where.map((condition) => ({ ...condition, field: canonical(condition.field) }));
    let found = [...org.table(object).values()].filter((row) => (all || !row.IsDeleted) && matches(row, where));
    found = sortRecords(found, query.orderBy.map((order) => ({ ...order, field: canonical(order.field) })));
    if (query.limit !== null) found = found.slice(0, query.limit);
    const records = found.map((row) => {
      const out: Record<string, unknown> = { attributes: { type: object, url: `/services/data/v${version}/sobjects/${object}/${row.Id}` } };
      for (const field of query.fields) out[canonical(field)] = row[canonical(field)] ?? null;
      return out;
    });
    const cursorId = `01g${randomBytes(6).toString("hex").slice(0, 12).toUpperCase()}`;
    cursors.set(cursorId, { object, records, totalSize: records.length });
    return page(version, cursorId, 0);
  }

  function checkValue(object: string, name: string, value: unknown): ApiError | null {
    const field = fieldOf(object, name)!;
    if (field.type === "reference" && value !== null) {
      const target = field.referenceTo![0]!;
      const exists = typeof value === "string" && org.get(target, value) && !org.get(target, value)!.IsDeleted;
      if (!exists) return { statusCode: "INVALID_CROSS_REFERENCE_KEY", message: `invalid cross reference id`, fields: [field.name] } as never;
    }
    return null;
  }

  /** One record of a collection update: its SaveResult. */
  function updateOne(item: Record<string, unknown>): { id?: string; success: boolean; errors: unknown[] } {
    const type = (item.attributes as { type?: string } | undefined)?.type;
    const id = item.id ?? item.Id;
    if (!type || !OBJECTS[type]) return { success: false, errors: [{ statusCode: "INVALID_TYPE", message: "The attributes map must contain a valid type", fields: [] }] };
    const existing = typeof id === "string" ? org.get(type, id) : undefined;
    if (!existing) return { success: false, errors: [{ statusCode: "MALFORMED_ID", message: `malformed id ${String(id)}`, fields: ["Id"] }] };
    if (existing.IsDeleted) return { id: existing.Id, success: false, errors: [{ statusCode: "ENTITY_IS_DELETED", message: "entity is deleted", fields: [] }] };
    if (faults.locked.remaining > 0 && (!faults.locked.ids || faults.locked.ids.has(existing.Id))) {
      faults.locked.remaining--;
      return { id: existing.Id, success: false, errors: [{ statusCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record or 1 records", fields: [] }] };
    }
    const fields = Object.fromEntries(Object.entries(item).filter(([key]) => key !== "attributes" && key !== "id" && key !== "Id"));
    for (const [name, value] of Object.entries(fields)) {
      const problem = checkValue(type, name, value);
      if (problem) return { id: existing.Id, success: false, errors: [problem] };
    }
    const canonical = Object.fromEntries(Object.entries(fields).map(([name, value]) => [fieldOf(type, name)!.name, value]));
    org.update(type, existing.Id, canonical);
    return { id: existing.Id, success: true, errors: [] };
  }

  function badFields(items: Record<string, unknown>[]): ApiError | null {
    for (const item of items) {
      const type = (item.attributes as { type?: string } | undefined)?.type;
      if (!type || !OBJECTS[type]) continue;
      for (const name of Object.keys(item)) {
        if (name === "attributes" || name === "id") continue;
        const field = fieldOf(type, name);
        if (!field) return { message: `No such column '${name}' on sobject of type ${type}`, errorCode: "INVALID_FIELD" };
        if (field.updateable === false && name !== "Id") return { message: `Unable to create/update fields: ${name}.`, errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE", fields: [name] };
      }
    }
    return null;
  }

  type Outcome = { status: number; body: unknown; records?: string[]; collections?: number[] };
  type Collection = { allOrNone?: boolean; records?: Record<string, unknown>[] };
  const tooMany: Outcome = { status: 400, body: [{ message: "Maximum size of request reached. Maximum size of request is 200 records", errorCode: "EXCEEDED_ID_LIMIT" }] };

  /** sObject Collections update: one SaveResult per record, in order. */
  function collectionUpdate(payload: Collection): Outcome {
    const items = payload.records ?? [];
    if (items.length > 200) return tooMany;
    const invalid = badFields(items);
    if (invalid) return { status: 400, body: [invalid] };
    return { status: 200, body: items.map(updateOne), records: items.map((item) => String(item.id)) };
  }

  /** sObject Collections upsert by an external id field (`rest` is /composite/sobjects/{Object}/{Field}). */
  function collectionUpsert(rest: string, payload: Collection): Outcome {
    const [object, externalField] = rest.split("/").slice(3);
    const field = object && externalField ? fieldOf(object, externalField) : undefined;
    if (!object || !OBJECTS[object] || !field?.externalId) return { status: 400, body: [{ message: `${externalField} is not an External ID field`, errorCode: "INVALID_FIELD" }] };
    const items = payload.records ?? [];
    if (items.length > 200) return tooMany;
    const invalid = badFields(items);
    if (invalid) return { status: 400, body: [invalid] };
    const results = items.map((item) => {
      const key = item[field.name];
      const fields = Object.fromEntries(Object.entries(item).filter(([name]) => name !== "attributes"));
      for (const [name, value] of Object.entries(fields)) {
        const problem = checkValue(object, name, value);
        if (problem) return { success: false, errors: [problem], created: false };
      }
      const existing = [...org.table(object).values()].find((row) => !row.IsDeleted && row[field.name] === key);
      if (existing) {
        org.update(object, existing.Id, fields);
        return { id: existing.Id, success: true, errors: [], created: false };
      }
      return { id: org.insert(object, fields).Id, success: true, errors: [], created: true };
    });
    return { status: 200, body: results, records: results.map((result) => String(result.id ?? "")) };
  }

  /**
   * Composite: each subrequest runs as its own request would and answers in the subrequest's
   * result; the top level is 200 either way. Only what the connector sends is served here —
   * sObject Collections PATCHes — and no reference (@{…}) between subrequests.
   */
  function composite(version: string, payload: { allOrNone?: boolean; compositeRequest?: { method?: string; url?: string; referenceId?: string; body?: Collection }[] }): Outcome {
    const subrequests = payload.compositeRequest ?? [];
    if (subrequests.length === 0 || subrequests.length > 25) {
      return { status: 400, body: [{ message: "The composite request must have between 1 and 25 subrequests", errorCode: "INVALID_BATCH_REQUEST" }] };
    }
    const collections = subrequests.filter((sub) => /^\/services\/data\/v\d+\.\d\/composite\/sobjects/.test(sub.url ?? "")).length;
    if (collections > 5) return { status: 400, body: [{ message: "Composite may contain at most 5 sObject Collections or query operations", errorCode: "INVALID_BATCH_REQUEST" }] };
    if (Number(version) < 43) return { status: 400, body: [{ message: "sObject Collections in Composite need API version 43.0 or later", errorCode: "INVALID_BATCH_REQUEST" }] };
    const records: string[] = [];
    const compositeResponse = subrequests.map((sub) => {
      const referenceId = sub.referenceId ?? "";
      const rest = /^\/services\/data\/v\d+\.\d(\/.*)$/.exec(sub.url ?? "")?.[1] ?? "";
      let outcome: Outcome;
      if (faults.refused.remaining > 0) {
        faults.refused.remaining--;
        outcome = { status: 400, body: [{ message: `Refused by the double (${faults.refused.errorCode})`, errorCode: faults.refused.errorCode }] };
      } else if (sub.method === "PATCH" && rest === "/composite/sobjects") outcome = collectionUpdate(sub.body ?? {});
      else if (sub.method === "PATCH" && rest.startsWith("/composite/sobjects/")) outcome = collectionUpsert(rest, sub.body ?? {});
      else outcome = { status: 404, body: [{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }] };
      records.push(...(outcome.records ?? []));
      return { body: outcome.body, httpHeaders: {}, httpStatusCode: outcome.status, referenceId };
    });
    return { status: 200, body: { compositeResponse }, records, collections: subrequests.map((sub) => sub.body?.records?.length ?? 0) };
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", baseUrl);
    const path = url.pathname;
    const method = request.method ?? "GET";
    const body = method === "GET" ? "" : await readBody(request);
    if (faults.delayMs) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));

    if (path.startsWith("/__double/")) return handleDemo(path, method, body, response);

    if (path === "/services/oauth2/token" && method === "POST") {
      const form = new URLSearchParams(body);
      const ok = form.get("grant_type") === "client_credentials" && form.get("client_id") === clientId && form.get("client_secret") === clientSecret;
      record({ kind: "token", method, path, status: ok ? 200 : 400 });
      if (!ok) return send(response, 400, { error: "invalid_client", error_description: "invalid client credentials" });
      const token = `${ORG}!${randomBytes(24).toString("base64url")}`;
      tokens.add(token);
      return send(response, 200, {
        access_token: token,
        signature: randomBytes(32).toString("base64"),
        scope: "api",
        instance_url: baseUrl,
        id: `${baseUrl}/id/${ORG}/0055e000000INTGAAA`,
        token_type: "Bearer",
        issued_at: String(Date.now()),
      });
    }

    const api = /^\/services\/data\/v(\d+\.\d)(\/.*)$/.exec(path);
    if (!api) {
      record({ kind: "other", method, path, status: 404 });
      return errors(response, 404, { message: "The requested resource does not exist", errorCode: "NOT_FOUND" });
    }
    const [, version, rest] = api as unknown as [string, string, string];
    const kind: CallKind = /^\/query(All)?\/01g/.test(rest) ? "queryMore" : /^\/query(All)?\/?$/.test(rest) ? "query"
      : /\/describe\/?$/.test(rest) ? "describe" : rest === "/composite/sobjects" ? "update" : rest.startsWith("/composite/sobjects/") ? "upsert" : rest === "/composite" ? "composite" : "other";
    const answer = (status: number, payload: unknown, records?: string[]) => {
      record({ kind, method, path, status, records });
      send(response, status, payload);
    };

    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!token || !tokens.has(token) || faults.expired.has(token)) {
      return answer(401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
    }
    if (faults.rateLimited.remaining > 0) {
      faults.rateLimited.remaining--;
      return answer(403, [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);
    }
    if (faults.unavailable.remaining > 0) {
      faults.unavailable.remaining--;
      record({ kind, method, path, status: 503 });
      return send(response, 503, "Service Unavailable");
    }

    try {
      if (kind === "query" && method === "GET") {
        const q = url.searchParams.get("q");
        if (!q) return answer(400, [{ message: "A query string has to be specified", errorCode: "MALFORMED_QUERY" }]);
        return answer(200, runQuery(version, q, rest.startsWith("/queryAll")));
      }
      if (kind === "queryMore" && method === "GET") {
        const match = /\/(01g[0-9A-Z]+)-(\d+)$/.exec(rest);
        if (!match || !cursors.has(match[1]!)) return answer(400, [{ message: "invalid query locator", errorCode: "INVALID_QUERY_LOCATOR" }]);
        return answer(200, page(version, match[1]!, Number(match[2])));
      }
      if (kind === "describe" && method === "GET") {
        const object = /^\/sobjects\/(\w+)\/describe\/?$/.exec(rest)?.[1];
        if (!object || !OBJECTS[object]) return answer(404, [{ message: `The requested resource does not exist`, errorCode: "NOT_FOUND" }]);
        return answer(200, describe(object, version));
      }
      if (kind === "update" && method === "PATCH") {
        const result = collectionUpdate(JSON.parse(body));
        return answer(result.status, result.body, result.records);
      }
      if (kind === "upsert" && method === "PATCH") {
        const result = collectionUpsert(rest, JSON.parse(body));
        return answer(result.status, result.body, result.records);
      }
      if (kind === "composite" && method === "POST") {
        if (faults.hold) {
          if (faults.hold.after <= 0) {
            faults.hold.held++;
            record({ kind, method, path, status: 0 });
            return; // held open: no answer, nothing applied
          }
          faults.hold.after--;
        }
        const result = composite(version, JSON.parse(body));
        record({ kind, method, path, status: result.status, records: result.records, collections: result.collections });
        return send(response, result.status, result.body);
      }
      return answer(404, [{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }]);
    } catch (error) {
      if (error instanceof SoqlError) return answer(400, [{ message: error.message, errorCode: error.message.startsWith("No such column") ? "INVALID_FIELD" : "MALFORMED_QUERY" }]);
      if (error instanceof SyntaxError) return answer(400, [{ message: "Unexpected character in JSON", errorCode: "JSON_PARSER_ERROR" }]);
      throw error;
    }
  }

  /** The double's own routes: a person working in Salesforce, for the demo. */
  function handleDemo(path: string, method: string, body: string, response: ServerResponse) {
    const match = /^\/__double\/(\w+)(?:\/(\w+))?$/.exec(path);
    const object = match?.[1];
    if (!object || !OBJECTS[object]) return send(response, 404, { error: "no such object" });
    if (method === "GET" && match?.[2]) return send(response, org.get(object, match[2]) ? 200 : 404, org.get(object, match[2]) ?? { error: "not found" });
    if (method === "GET") return send(response, 200, { count: org.table(object).size, records: [...org.table(object).values()].slice(-50) });
    const fields = JSON.parse(body || "{}") as Record<string, Literal>;
    if (method === "POST") return send(response, 201, org.insert(object, fields));
    if (method === "PATCH" && match?.[2]) return send(response, 200, org.update(object, match[2], fields));
    return send(response, 405, { error: "method not allowed" });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      console.error("[salesforce double]", error);
      if (!response.headersSent) errors(response, 500, { message: "An unexpected error occurred.", errorCode: "UNKNOWN_EXCEPTION" });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    clientId,
    clientSecret,
    org,
    faults,
    calls,
    /** Expires every token issued so far (the next call of each is 401 INVALID_SESSION_ID). */
    expireSessions: () => faults.expireSessions(tokens),
    count: (kind?: CallKind) => calls.filter((call) => !kind || call.kind === kind).length,
    /** Environment for Roster's connector pointing at this double. */
    env: () => ({ SALESFORCE_LOGIN_URL: baseUrl, SALESFORCE_CLIENT_ID: clientId, SALESFORCE_CLIENT_SECRET: clientSecret }),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
