import { z } from "zod";

/** A Salesforce field API name: letters, digits and underscores (custom ones end in __c). */
const fieldName = z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, "Enter a field API name such as Technical_Account_Manager__c.");
const roleKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "Not a role key.");

export const CSQL_TARGETS = ["lead", "opportunity"] as const;

/** Which Salesforce field holds each piece of coverage Roster writes. */
export const mappingSchema = z.object({
  account: z.record(roleKey, fieldName).default({}),
  opportunity: z.object({ csm: fieldName.optional(), primarySa: fieldName.optional() }).default({}),
  /** Inbound: which Salesforce Account field fills each CRM-owned account field (health, MRR, …). */
  accountFields: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "Not an account field key."), fieldName).default({}),
  userMatch: z.literal("email").default("email"),
});
export type SalesforceMapping = z.infer<typeof mappingSchema>;

export const updateMappingInput = mappingSchema.extend({
  /** A CSQL goes to Salesforce as a Lead or as an Opportunity. */
  csqlTarget: z.enum(CSQL_TARGETS).optional(),
});
export type UpdateMappingInput = z.infer<typeof updateMappingInput>;

export const runSyncInput = z.object({
  direction: z.enum(["inbound", "outbound", "both"]).default("both"),
  full: z.boolean().optional().describe("inbound: load every account, opportunity and user, not only what changed"),
});
export type RunSyncInput = z.infer<typeof runSyncInput>;

export const catchInput = z.object({ dryRun: z.boolean().default(true) });
export type CatchInput = z.infer<typeof catchInput>;

export const difference = z.object({
  object: z.enum(["Account", "Opportunity"]),
  recordId: z.string().describe("Roster's id"),
  externalId: z.string().describe("the Salesforce Id"),
  name: z.string(),
  field: z.string().describe("the Salesforce field API name"),
  salesforce: z.string().nullable().describe("the User Id Salesforce holds"),
  roster: z.string().nullable().describe("the User Id Roster's coverage resolves to"),
  rosterEmail: z.string().nullable(),
});
export type Difference = z.infer<typeof difference>;

export const catchOutput = z.object({
  dryRun: z.boolean(),
  checked: z.object({ accounts: z.number().int(), opportunities: z.number().int() }),
  differences: z.array(difference).describe("the first 500"),
  differenceCount: z.number().int(),
  repaired: z.number().int(),
  failed: z.number().int(),
  missingInSalesforce: z.number().int().describe("records with a Salesforce Id that Salesforce no longer has"),
  calls: z.number().int(),
});
export type CatchReport = z.infer<typeof catchOutput>;

export const syncStatusOutput = z.object({
  enabled: z.boolean().describe("the connector is configured (SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET)"),
  lastInboundAt: z.string().nullable(),
  lastOutboundAt: z.string().nullable(),
  lagSeconds: z.number().int().describe("age of the oldest change not yet written to Salesforce (0: caught up)"),
  pending: z.number().int().describe("records Salesforce refused that are being retried"),
  failed: z.number().int().describe("records retried too often, waiting for someone's retry"),
  mapping: mappingSchema,
  csqlTarget: z.enum(CSQL_TARGETS),
  lastError: z.string().nullable(),
  failingSince: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusOutput>;

export const pendingRecord = z.object({
  object: z.string(),
  recordId: z.string(),
  name: z.string().nullable(),
  externalId: z.string().nullable(),
  status: z.enum(["pending", "failed"]),
  attempts: z.number().int(),
  errorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string(),
  firstFailedAt: z.string(),
});
export type PendingRecord = z.infer<typeof pendingRecord>;

export const syncRun = z.object({
  id: z.string(),
  kind: z.enum(["outbound", "inbound", "full", "catch"]),
  status: z.enum(["running", "succeeded", "failed"]),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  records: z.number().int(),
  calls: z.number().int(),
  failed: z.number().int(),
  error: z.string().nullable(),
  report: z.unknown().nullable(),
});
export type SyncRun = z.infer<typeof syncRun>;

export const retryRecordInput = z.object({ object: z.enum(["Account", "Opportunity", "Csql"]), recordId: z.uuid() });
export type RetryRecordInput = z.infer<typeof retryRecordInput>;
