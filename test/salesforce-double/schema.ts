/**
 * The objects and fields the double knows, in the shape of an sObject Describe's `fields` entries
 * (name, label, type, referenceTo, updateable, nillable, custom, externalId). The custom fields are
 * those of the seed's org (shared/seeds/000_*): `Technical_Account_Manager_LU__c` is the account's
 * Customer Success Manager, `Technical_Account_Manager__c` the opportunity's.
 */
export type FieldSpec = {
  name: string;
  label: string;
  type: "id" | "string" | "reference" | "datetime" | "date" | "boolean" | "currency" | "picklist" | "email" | "textarea";
  referenceTo?: string[];
  updateable?: boolean;
  externalId?: boolean;
};

const system: FieldSpec[] = [
  { name: "Id", label: "Record ID", type: "id", updateable: false },
  { name: "SystemModstamp", label: "System Modstamp", type: "datetime", updateable: false },
  { name: "IsDeleted", label: "Deleted", type: "boolean", updateable: false },
];
const userLookup = (name: string, label: string): FieldSpec => ({ name, label, type: "reference", referenceTo: ["User"] });

export const OBJECTS: Record<string, { keyPrefix: string; label: string; fields: FieldSpec[] }> = {
  Account: {
    keyPrefix: "001",
    label: "Account",
    fields: [
      ...system,
      { name: "Name", label: "Account Name", type: "string" },
      { name: "ParentId", label: "Parent Account ID", type: "reference", referenceTo: ["Account"] },
      // Set on the records a merge deleted: the surviving account (Account has it; Opportunity does not).
      { name: "MasterRecordId", label: "Master Record ID", type: "reference", referenceTo: ["Account"], updateable: false },
      userLookup("OwnerId", "Owner ID"),
      userLookup("Technical_Account_Manager_LU__c", "Customer Success Manager"),
      userLookup("Solutions_Architect_Lookup__c", "Solutions Architect"),
      userLookup("Renewal_Manager__c", "Renewal Manager"),
      userLookup("Executive_Sponsor__c", "Executive Sponsor"),
      { name: "Customer_Health__c", label: "Customer Health", type: "picklist" },
    ],
  },
  Opportunity: {
    keyPrefix: "006",
    label: "Opportunity",
    fields: [
      ...system,
      { name: "Name", label: "Name", type: "string" },
      { name: "AccountId", label: "Account ID", type: "reference", referenceTo: ["Account"] },
      { name: "StageName", label: "Stage", type: "picklist" },
      { name: "Amount", label: "Amount", type: "currency" },
      { name: "CloseDate", label: "Close Date", type: "date" },
      { name: "IsClosed", label: "Closed", type: "boolean", updateable: false },
      { name: "Description", label: "Description", type: "textarea" },
      userLookup("OwnerId", "Owner ID"),
      userLookup("Technical_Account_Manager__c", "Customer Success Manager"),
      userLookup("Primary_Solution_Architect__c", "Primary Solution Architect"),
      { name: "Roster_CSQL_Id__c", label: "Roster CSQL Id", type: "string", externalId: true },
    ],
  },
  Lead: {
    keyPrefix: "00Q",
    label: "Lead",
    fields: [
      ...system,
      { name: "LastName", label: "Last Name", type: "string" },
      { name: "Company", label: "Company", type: "string" },
      { name: "Title", label: "Title", type: "string" },
      { name: "Email", label: "Email", type: "email" },
      { name: "Description", label: "Description", type: "textarea" },
      { name: "Status", label: "Status", type: "picklist" },
      userLookup("OwnerId", "Owner ID"),
      { name: "Roster_CSQL_Id__c", label: "Roster CSQL Id", type: "string", externalId: true },
    ],
  },
  User: {
    keyPrefix: "005",
    label: "User",
    fields: [
      ...system.filter((field) => field.name !== "IsDeleted"),
      { name: "Email", label: "Email", type: "email" },
      { name: "Name", label: "Full Name", type: "string", updateable: false },
      { name: "IsActive", label: "Active", type: "boolean" },
    ],
  },
};

export function fieldOf(object: string, name: string): FieldSpec | undefined {
  return OBJECTS[object]?.fields.find((field) => field.name.toLowerCase() === name.toLowerCase());
}

/** The describe response for an object: the documented top-level keys the connector reads, and the fields. */
export function describe(object: string, version: string) {
  const spec = OBJECTS[object]!;
  return {
    name: object,
    label: spec.label,
    keyPrefix: spec.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    queryable: true,
    urls: { sobject: `/services/data/v${version}/sobjects/${object}`, describe: `/services/data/v${version}/sobjects/${object}/describe` },
    fields: spec.fields.map((field) => ({
      name: field.name,
      label: field.label,
      type: field.type,
      referenceTo: field.referenceTo ?? [],
      relationshipName: field.type === "reference" ? field.name.replace(/Id$/, "").replace(/__c$/, "__r") : null,
      updateable: field.updateable ?? true,
      createable: field.updateable ?? true,
      nillable: field.name !== "Id" && field.name !== "Name",
      custom: field.name.endsWith("__c"),
      externalId: field.externalId ?? false,
      length: field.type === "reference" || field.type === "id" ? 18 : field.type === "string" ? 255 : 0,
    })),
  };
}
