import "server-only";
import type { ChangeView } from "@/lib/domain/changes/schemas.ts";
import type { NotificationType } from "./types.ts";

/** A notification before preferences decide where it goes. */
export type Draft = { userId: string; type: NotificationType; title: string; body: string | null; link: string | null; sourceKey: string };

/** Names the messages need, looked up once per page of changes. */
export type Names = {
  user: (id: string) => string;
  account: (id: string) => string;
  role: (key: string) => string;
  opportunity: (id: string) => { name: string; accountId: string | null } | undefined;
  csql: (id: string) => { title: string; createdBy: string } | undefined;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const person = (value: string | null | undefined): string | null => (value && UUID.test(value) ? value : null);
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

type Group = { userId: string; role: string; batch: string; accounts: string[]; actorId: string | null; via: string };

/**
 * Turns a page of the change feed into notifications. A change someone made themselves tells them
 * nothing. Role changes of one batch (a book transfer, a bulk assign, an import) become one
 * notification per person, however many accounts moved.
 */
export function deriveNotifications(changes: ChangeView[], names: Names): Draft[] {
  const drafts: Draft[] = [];
  const assigned = new Map<string, Group>();
  const removed = new Map<string, Group>();
  const stamped = new Map<string, number>(); // batch|account → opportunities stamped
  for (const change of changes) {
    if (change.type === "opportunity.csm_stamped" && change.field === "csm" && change.accountId) {
      const key = `${change.batchId ?? change.id}|${change.accountId}`;
      stamped.set(key, (stamped.get(key) ?? 0) + 1);
    }
  }
  const group = (into: Map<string, Group>, userId: string, change: ChangeView, role: string) => {
    const batch = change.batchId ?? `change-${change.id}`;
    const key = `${userId}|${batch}|${role}`;
    const entry = into.get(key) ?? { userId, role, batch, accounts: [], actorId: change.actor?.id ?? null, via: change.source };
    if (!entry.accounts.includes(change.entityId)) entry.accounts.push(change.entityId);
    into.set(key, entry);
  };

  for (const change of changes) {
    const actorId = change.actor?.id ?? null;
    if (change.type === "account.role_changed" && change.field?.startsWith("team.")) {
      const role = change.field!.slice("team.".length);
      const to = person(change.to);
      const from = person(change.from);
      if (to && to !== actorId) group(assigned, to, change, role);
      if (from && from !== actorId && from !== to) group(removed, from, change, role);
    } else if (change.type === "opportunity.csm_overridden" && change.field === "csm") {
      const from = person(change.from);
      if (from && from !== actorId) {
        const opportunity = names.opportunity(change.entityId);
        drafts.push({
          userId: from, type: "csm_overridden", sourceKey: `csm_overridden:${change.id}`,
          title: `The CSM of ${opportunity?.name ?? "an opportunity"} was overridden`,
          body: `${change.actor ? names.user(change.actor.id) : "Someone"} set it to ${person(change.to) ? names.user(change.to!) : "nobody"}; it no longer follows you.`,
          link: `/opportunities/${change.entityId}`,
        });
      }
    } else if (change.entityType === "csql") {
      const csql = names.csql(change.entityId);
      if (change.field === "owner") {
        const owner = person(change.to);
        if (owner && owner !== actorId) {
          drafts.push({
            userId: owner, type: "csql_assigned", sourceKey: `csql_assigned:${change.id}`,
            title: `New CSQL for you: ${csql?.title ?? "a lead"}`,
            body: `Raised by ${csql ? names.user(csql.createdBy) : "customer success"}.`, link: `/csqls/${change.entityId}`,
          });
        }
      } else if (["csql.accepted", "csql.rejected", "csql.converted"].includes(change.type) && csql && csql.createdBy !== actorId) {
        const verb = change.type.slice("csql.".length);
        drafts.push({
          userId: csql.createdBy, type: "csql_status", sourceKey: `csql_status:${change.id}`,
          title: `Your CSQL “${csql.title}” was ${verb}`,
          body: `${change.actor ? names.user(change.actor.id) : "Sales"} ${verb} it.`, link: `/csqls/${change.entityId}`,
        });
      }
    }
  }

  const by = (group: Group) => (group.actorId ? names.user(group.actorId) : group.via === "import" ? "an import" : "Roster");
  for (const group of assigned.values()) {
    const role = names.role(group.role);
    const one = group.accounts.length === 1 ? group.accounts[0]! : null;
    const stamps = one ? stamped.get(`${group.batch}|${one}`) ?? 0 : 0;
    drafts.push({
      userId: group.userId, type: "role_assigned", sourceKey: `role_assigned:${group.batch}:${group.role}`,
      title: one ? `You are now the ${role} of ${names.account(one)}` : `You are now the ${role} of ${plural(group.accounts.length, "account")}`,
      body: `Assigned by ${by(group)}${stamps ? `; ${plural(stamps, "open opportunity", "open opportunities")} now carry your name` : ""}.`,
      link: one ? `/accounts/${one}` : "/my-book",
    });
  }
  for (const group of removed.values()) {
    const role = names.role(group.role);
    const one = group.accounts.length === 1 ? group.accounts[0]! : null;
    drafts.push({
      userId: group.userId, type: "role_removed", sourceKey: `role_removed:${group.batch}:${group.role}`,
      title: one ? `You are no longer the ${role} of ${names.account(one)}` : `You are no longer the ${role} of ${plural(group.accounts.length, "account")}`,
      body: `Changed by ${by(group)}.`, link: one ? `/accounts/${one}` : "/my-book",
    });
  }
  return drafts;
}

/** Who received CSM accounts in these drafts: the over-capacity check looks at them. */
export function csmRecipients(changes: ChangeView[]): Map<string, string> {
  const recipients = new Map<string, string>();
  for (const change of changes) {
    const to = person(change.to);
    if (change.type === "account.role_changed" && change.field === "team.csm" && to) recipients.set(to, change.batchId ?? `change-${change.id}`);
  }
  return recipients;
}
