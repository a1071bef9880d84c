import "server-only";
import type { ColumnMapping, ImportColumn, ImportKind, MappingTarget, RowError } from "./schemas.ts";

export type RoleRef = { key: string; label: string };
/** An account field an accounts import can fill, matched by key or label. */
export type FieldRef = { key: string; label: string };

export const fieldTarget = (key: string) => `field:${key}`;
export const fieldOf = (target: string) => (target.startsWith("field:") ? target.slice(6) : null);
const FIELD_TARGET = /^field:[a-z][a-z0-9_]{0,39}$/;

/** The account field a header names (by key or label, ignoring case and punctuation), if any. */
export function fieldForHeader(header: string, fields: FieldRef[]): FieldRef | undefined {
  const name = normalizeHeader(header);
  return name ? fields.find((field) => normalizeHeader(field.key) === name || normalizeHeader(field.label) === name) : undefined;
}

type Field = { value: string; label: string; required: boolean; aliases: string[] };

/**
 * What each kind understands, and the headers that mean it: our own names (`externalId`,
 * `account_external_id`, the export's column names) and a Salesforce report's ("Account ID",
 * "Account Name", "Parent Account ID", "Opportunity ID", "Stage", "Close Date" …).
 */
const FIELDS: Record<ImportKind, Field[]> = {
  accounts: [
    { value: "externalId", label: "External id (CRM Account ID)", required: true, aliases: ["externalid", "accountexternalid", "accountid", "salesforceid", "crmid"] },
    { value: "name", label: "Account name", required: true, aliases: ["name", "accountname"] },
    { value: "parentExternalId", label: "Parent external id", required: false, aliases: ["parentexternalid", "parentaccountid", "parentaccountexternalid", "parentid", "parent"] },
    { value: "segment", label: "Segment", required: false, aliases: ["segment", "accountsegment", "customersegment"] },
    { value: "region", label: "Region", required: false, aliases: ["region", "accountregion", "salesregion"] },
    { value: "arr", label: "ARR", required: false, aliases: ["arr", "annualrecurringrevenue", "accountarr", "currentarr"] },
    { value: "csmInheritance", label: "CSM inheritance (none / parent)", required: false, aliases: ["csminheritance", "inheritcsm", "inheritscsm"] },
  ],
  opportunities: [
    { value: "externalId", label: "External id (CRM Opportunity ID)", required: true, aliases: ["externalid", "opportunityid", "opportunityexternalid", "oppid"] },
    { value: "accountExternalId", label: "Account external id", required: true, aliases: ["accountexternalid", "accountid"] },
    { value: "name", label: "Opportunity name", required: true, aliases: ["name", "opportunityname", "oppname"] },
    { value: "stage", label: "Stage", required: false, aliases: ["stage", "stagename", "opportunitystage"] },
    { value: "amount", label: "Amount", required: false, aliases: ["amount", "opportunityamount", "amountusd"] },
    { value: "closeDate", label: "Close date", required: false, aliases: ["closedate", "expectedclosedate", "opportunityclosedate"] },
  ],
  assignments: [
    { value: "accountExternalId", label: "Account external id", required: false, aliases: ["accountexternalid", "externalid"] },
    { value: "accountId", label: "Account id (Roster id or CRM Account ID)", required: false, aliases: ["accountid"] },
  ],
};

/**
 * Columns an assignments file may carry that describe the account rather than assign anyone
 * (an accounts export, a CRM report): skipped, where any other unknown column is an error.
 */
const ASSIGNMENT_CONTEXT = new Set([
  "id", "name", "accountname", "parentexternalid", "parentaccountid", "parentname", "parentaccountname", "segment", "region", "arr",
  "csminheritance", "openopportunities", "billingcountry", "accountowner", "type", "industry",
]);

export const normalizeHeader = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

export const roleTarget = (key: string) => `role:${key}`;
const roleOf = (target: string) => (target.startsWith("role:") ? target.slice(5) : null);

export function mappingTargets(kind: ImportKind, roles: RoleRef[], accountFields: FieldRef[] = []): MappingTarget[] {
  const fields = FIELDS[kind].map(({ value, label, required }) => ({ value, label, required }));
  if (kind === "accounts") return [...fields, ...accountFields.map((field) => ({ value: fieldTarget(field.key), label: `Field: ${field.label}`, required: false }))];
  if (kind !== "assignments") return fields;
  return [...fields, ...roles.map((role) => ({ value: roleTarget(role.key), label: `Role: ${role.label}`, required: false }))];
}

/** The target a header means, "" for a column to skip, or null when it means nothing known. */
function suggest(kind: ImportKind, header: string, roles: RoleRef[], accountFields: FieldRef[]): string | null {
  const name = normalizeHeader(header);
  if (name === "") return "";
  const field = FIELDS[kind].find((candidate) => candidate.aliases.includes(name));
  if (field) return field.value;
  if (kind === "accounts") {
    const accountField = fieldForHeader(header, accountFields);
    return accountField ? fieldTarget(accountField.key) : "";
  }
  if (kind !== "assignments") return "";
  for (const role of roles) {
    const key = normalizeHeader(role.key);
    const label = normalizeHeader(role.label);
    if (name === key || name === label || name === `${key}email` || name === `${label}email`) return roleTarget(role.key);
  }
  for (const role of roles) {
    // The export writes each holder's name beside the email; only the email is read back.
    if (name === `${normalizeHeader(role.key)}name` || name === `${normalizeHeader(role.label)}name`) return "";
  }
  return ASSIGNMENT_CONTEXT.has(name) ? "" : null;
}

/**
 * The target of every column: the caller's mapping where given (by position, or by header),
 * otherwise recognised from the header. Errors are the header's (row 0): unknown targets or
 * roles, a target used twice, a required column missing.
 */
export function resolveColumns(
  kind: ImportKind,
  headers: string[],
  roles: RoleRef[],
  requested?: ColumnMapping | null,
  /**
   * The account fields, when the caller has them. Without them an accounts mapping may still name
   * any `field:<key>`, and the accounts kind checks it against the definitions as it stages.
   */
  accountFields?: FieldRef[],
): { columns: ImportColumn[]; errors: RowError[] } {
  const allowedTargets = new Set(mappingTargets(kind, roles, accountFields).map((target) => target.value));
  const allowed = { has: (target: string) => allowedTargets.has(target) || (kind === "accounts" && !accountFields && FIELD_TARGET.test(target)) };
  const errors: RowError[] = [];
  const columns = headers.map((header, index): ImportColumn => {
    const asked = Array.isArray(requested) ? requested[index] : requested?.[header];
    if (asked !== undefined) {
      if (asked !== "" && !allowed.has(asked)) {
        const role = roleOf(asked);
        errors.push({ row: 0, column: header, message: role ? `Unknown role "${role}".` : `"${asked}" is not something a ${kind} import reads.` });
        return { header, target: "" };
      }
      return { header, target: asked };
    }
    const target = suggest(kind, header, roles, accountFields ?? []);
    if (target === null) {
      errors.push({
        row: 0, column: header,
        message: `Unknown role "${header}": after the account column, each column is a role key (${roles.map((r) => r.key).join(", ")}) or a role's name.`,
      });
      return { header, target: "" };
    }
    return { header, target };
  });

  const seen = new Map<string, string>();
  for (const column of columns) {
    if (!column.target) continue;
    const first = seen.get(column.target);
    if (first !== undefined) errors.push({ row: 0, column: column.header, message: `Columns "${first}" and "${column.header}" both hold ${label(kind, column.target, roles)}.` });
    else seen.set(column.target, column.header);
  }
  for (const field of FIELDS[kind].filter((candidate) => candidate.required)) {
    if (!seen.has(field.value)) errors.push({ row: 0, message: `Missing column: ${field.label} (a header such as "${field.value}").` });
  }
  if (kind === "assignments") {
    const keys = ["accountExternalId", "accountId"].filter((target) => seen.has(target));
    if (keys.length === 0) errors.push({ row: 0, message: `Missing column: the account, "account_external_id" or "account_id".` });
    if (keys.length > 1) errors.push({ row: 0, message: `Use one account column, "account_external_id" or "account_id", not both.` });
    if (![...seen.keys()].some((target) => roleOf(target))) errors.push({ row: 0, message: "No role columns: add one column per role, such as csm or sa." });
  }
  return { columns, errors };
}

function label(kind: ImportKind, target: string, roles: RoleRef[]): string {
  return mappingTargets(kind, roles).find((candidate) => candidate.value === target)?.label ?? target;
}

/** Column index of each target, for reading rows. */
export function columnIndex(columns: ImportColumn[]): Map<string, number> {
  const index = new Map<string, number>();
  columns.forEach((column, position) => {
    if (column.target) index.set(column.target, position);
  });
  return index;
}
