import "server-only";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { db } from "@/lib/db/client.ts";
import type { Prisma } from "@/lib/db/generated/client.ts";
import { DomainError, invalidFields } from "@/lib/errors/domain-error.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import { salesforceConfig } from "./config.ts";
import { type DescribeField, SalesforceClient, SalesforceError } from "./connection.ts";
import { syncStatus } from "./queries.ts";
import type { SyncStatus, UpdateMappingInput } from "./schemas.ts";

/** Why a field cannot hold a user, or null when it can. */
function problemWith(fields: DescribeField[], object: string, name: string): string | null {
  const field = fields.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  if (!field) return `${object} has no field ${name}.`;
  if (field.type !== "reference" || !(field.referenceTo ?? []).includes("User")) return `${object}.${field.name} is not a lookup to User.`;
  if (!field.updateable) return `${object}.${field.name} cannot be updated.`;
  return null;
}

/**
 * PUT /sync/salesforce/mapping (admin): every field is checked against the object's describe
 * (exists, a User lookup, updateable) and every role key against Roster's roles before anything is
 * saved. A changed mapping applies from the next change on; a catch run brings the rest in line.
 */
export async function updateMapping({ actor }: ActorContext, input: UpdateMappingInput): Promise<SyncStatus> {
  authorize(actor, "salesforce.manage");
  if (!salesforceConfig()) throw new DomainError("invalid_request", "Salesforce is not configured: set SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET, then map the fields.");
  const errors: Record<string, string> = {};
  const roles = new Set((await db.accountRole.findMany({ select: { key: true } })).map((role) => role.key));
  for (const key of Object.keys(input.account)) if (!roles.has(key)) errors[`account.${key}`] = `No account role "${key}".`;
  let described: { Account: DescribeField[]; Opportunity: DescribeField[] };
  try {
    const client = await SalesforceClient.shared();
    const [account, opportunity] = await Promise.all([client.describe("Account"), client.describe("Opportunity")]);
    described = { Account: account, Opportunity: opportunity };
  } catch (error) {
    if (error instanceof SalesforceError) throw new DomainError("unavailable", `Salesforce could not describe Account and Opportunity: ${error.message}`);
    throw error;
  }
  for (const [key, field] of Object.entries(input.account)) {
    const problem = problemWith(described.Account, "Account", field);
    if (problem) errors[`account.${key}`] ??= problem;
  }
  for (const key of ["csm", "primarySa"] as const) {
    const field = input.opportunity[key];
    const problem = field ? problemWith(described.Opportunity, "Opportunity", field) : null;
    if (problem) errors[`opportunity.${key}`] = problem;
  }
  // Account fields come in from Salesforce, so only fields the CRM owns may be filled from it.
  const fields = new Map((await fieldDefinitions()).map((field) => [field.key, field]));
  for (const [key, name] of Object.entries(input.accountFields)) {
    const field = fields.get(key);
    if (!field) errors[`accountFields.${key}`] = `No account field "${key}".`;
    else if (field.owner !== "crm") errors[`accountFields.${key}`] = `${field.label} is Roster's: only CRM-owned fields come from Salesforce.`;
    else if (!described.Account.some((candidate) => candidate.name.toLowerCase() === name.toLowerCase())) errors[`accountFields.${key}`] = `Account has no field ${name}.`;
  }
  if (Object.keys(errors).length > 0) throw invalidFields(errors, "Some fields cannot hold Roster's coverage in Salesforce.");
  const { csqlTarget, ...mapping } = input;
  await db.salesforceSync.update({
    where: { id: 1 },
    data: { mapping: mapping as Prisma.InputJsonValue, ...(csqlTarget ? { csqlTarget } : {}), updatedAt: new Date() },
  });
  return syncStatus({ actor, source: "api" });
}
