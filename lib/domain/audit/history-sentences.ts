import "server-only";
import { formatMoney } from "@/lib/format/format.ts";
import type { AuditSource } from "@/lib/db/generated/enums.ts";

/** One audit entry as the history reads it. */
export type HistoryEntry = {
  field: string;
  from: string | null;
  to: string | null;
};

/** What a sentence needs to name things: people, accounts, opportunities and roles by id or key. */
export type Names = {
  user: (id: string) => string;
  account: (id: string) => string;
  opportunity: (id: string) => string;
  role: (key: string) => string;
};

const STAGES: Record<string, string> = {
  prospecting: "Prospecting", discovery: "Discovery", proposal: "Proposal", negotiation: "Negotiation",
  closed_won: "Closed won", closed_lost: "Closed lost",
};
const INHERITANCE: Record<string, string> = { none: "its own CSM", parent: "follows its parent" };
const FIELD_LABELS: Record<string, string> = {
  name: "name", externalId: "CRM id", parentId: "parent account", segment: "segment", region: "region", arr: "ARR",
  csmInheritance: "CSM inheritance", amount: "amount", close_date: "close date", stage: "stage",
  estimated_amount: "estimated amount",
};

/**
 * A holder value as the trail stores it: a user id, or "pending:<email>" for an assignment that
 * waits for a user with that email.
 */
function holder(value: string, names: Names): string {
  return value.startsWith("pending:") ? `pending ${value.slice("pending:".length)}` : names.user(value);
}

function shown(field: string, value: string, names: Names): string {
  switch (field) {
    case "parentId": return names.account(value);
    case "arr":
    case "estimated_amount":
    case "amount": return Number.isFinite(Number(value)) ? formatMoney(value) : value;
    case "stage": return STAGES[value] ?? value;
    case "csmInheritance": return INHERITANCE[value] ?? value;
    default: return value;
  }
}

/** "assigned X as CSM", "changed CSM from X to Y", "removed X as CSM"; "themselves" for one's own change. */
function holderPhrase(label: string, entry: HistoryEntry, names: Names, actorId: string | null): string {
  const who = (value: string) => (value === actorId ? "themselves" : holder(value, names));
  if (entry.from === null && entry.to !== null) return `${entry.to === actorId ? "added" : "assigned"} ${who(entry.to)} as ${label}`;
  if (entry.from !== null && entry.to === null) return `removed ${who(entry.from)} as ${label}`;
  return `changed ${label} from ${holder(entry.from ?? "", names)} to ${holder(entry.to ?? "", names)}`;
}

function fieldPhrase(entry: HistoryEntry, names: Names): string {
  // Account fields are audited as "fields.<key>": the history names the key, not the prefix.
  const label = FIELD_LABELS[entry.field] ?? entry.field.replace(/^fields\./, "").replaceAll("_", " ");
  if (entry.field === "stage" && entry.from && entry.to) {
    return `moved the stage from ${shown("stage", entry.from, names)} to ${shown("stage", entry.to, names)}`;
  }
  if (entry.from === null) return `set the ${label} to ${shown(entry.field, entry.to ?? "", names)}`;
  if (entry.to === null) return `cleared the ${label} (was ${shown(entry.field, entry.from, names)})`;
  return `changed the ${label} from ${shown(entry.field, entry.from, names)} to ${shown(entry.field, entry.to, names)}`;
}

/** The phrases of one group of entries (one change, possibly several fields), in a readable order. */
export function phrasesOf(entityType: string, entries: HistoryEntry[], names: Names, actorId: string | null): { phrases: string[]; details: string[] } {
  const byField = new Map(entries.map((entry) => [entry.field, entry]));
  const phrases: string[] = [];
  const details: string[] = [];
  const created = byField.get("created");
  if (created) {
    const noun = entityType === "opportunity" ? "opportunity" : entityType === "csql" ? "CSQL" : "account";
    phrases.push(`${entityType === "csql" ? "raised" : "created"} the ${noun} ${created.to ? `“${created.to}”` : ""}`.trim());
    // The fields a record was created with read as one detail, not as separate changes.
    const initial = entries
      .filter((entry) => entry.field !== "created" && entry.to !== null && entry.field !== "locked" && entry.field !== "account")
      .map((entry) => {
        if (entry.field.startsWith("team.") || entry.field === "csm" || entry.field === "primary_sa" || entry.field === "owner") {
          const label = entry.field.startsWith("team.") ? names.role(entry.field.slice(5)) : entry.field === "csm" ? "CSM" : entry.field === "owner" ? "owner" : "primary SA";
          return `${label} ${holder(entry.to ?? "", names)}`;
        }
        return `${FIELD_LABELS[entry.field] ?? entry.field} ${shown(entry.field, entry.to ?? "", names)}`;
      });
    if (initial.length) details.push(`with ${initial.join(", ")}`);
    return { phrases, details };
  }

  const overridden = byField.get("csm_overridden");
  for (const entry of entries) {
    const { field } = entry;
    if (field === "csm_overridden" || field === "locked") continue;
    if (field.startsWith("team.")) phrases.push(holderPhrase(names.role(field.slice(5)), entry, names, actorId));
    else if (field === "csm") {
      if (overridden?.to === "true") phrases.push(`overrode the CSM${entry.from || entry.to ? ` from ${entry.from ? holder(entry.from, names) : "nobody"} to ${entry.to ? holder(entry.to, names) : "nobody"}` : ""}`);
      else phrases.push(holderPhrase("CSM", entry, names, actorId));
    } else if (field === "primary_sa") phrases.push(holderPhrase("primary SA", entry, names, actorId));
    else if (field === "supporting_sa") phrases.push(holderPhrase("supporting SA", entry, names, actorId));
    else if (field === "owner") phrases.push(holderPhrase("owner", entry, names, actorId));
    else if (entityType === "csql" && field === "status") {
      // A CSQL's status reads as what was done to it; a conversion is told by its opportunity.
      if (entry.to === "accepted") phrases.push("accepted it");
      else if (entry.to === "rejected") phrases.push("rejected it");
      else if (entry.to !== "converted") phrases.push(fieldPhrase(entry, names));
    }
    else if (field === "opportunity") phrases.push(`converted it into ${entry.to ? names.opportunity(entry.to) : "an opportunity"}`);
    else if (field === "csql") phrases.push("created it from a CSQL");
    else if (field === "merged_into") phrases.push(`merged it into ${entry.to ? names.opportunity(entry.to) : "another opportunity"}`);
    else phrases.push(fieldPhrase(entry, names));
  }
  if (overridden && !byField.has("csm")) phrases.push(overridden.to === "true" ? "marked the CSM as overridden" : "cleared the CSM override");
  else if (overridden?.to === "false") details.push("the override was cleared");
  const locked = byField.get("locked");
  if (locked) phrases.push(locked.to === "true" ? "locked it" : "unlocked it");
  return { phrases, details };
}

/** How a change came about, when it was not someone working in the app. */
export function viaOf(source: AuditSource, entityType: string): string | null {
  switch (source) {
    case "api": return "via the API";
    case "import": return "via import";
    case "cascade": return "followed the parent account";
    case "stamp": return entityType === "opportunity" ? "stamped from the account's CSM" : "stamped";
    case "reconcile": return "repaired by reconcile";
    case "salesforce": return "from Salesforce";
    default: return null;
  }
}

/** "a, b and c" */
export function joinPhrases(phrases: string[]): string {
  if (phrases.length <= 1) return phrases[0] ?? "";
  return `${phrases.slice(0, -1).join(", ")} and ${phrases.at(-1)}`;
}

/** The sentence: "Maria Lopez changed CSM from A to B"; without an actor, "Assigned … ". */
export function sentenceOf(actorName: string | null, phrases: string[]): string {
  const body = joinPhrases(phrases) || "made a change";
  if (actorName) return `${actorName} ${body}`;
  return body.charAt(0).toUpperCase() + body.slice(1);
}
