import "server-only";
import { activityListOutput, activityOutput, listActivitiesQuery, logActivityInput } from "@/lib/domain/activities/schemas.ts";
import {
  createOpportunityInput, listOpportunitiesQuery, mergeInput, opportunityListOutput, opportunityOutput, setUserInput,
  supportingSaInput, updateOpportunityInput,
} from "@/lib/domain/opportunities/schemas.ts";
import type { Operation } from "./types.ts";

const tag = "Opportunities";
const locks = "On a closed opportunity, non-privileged callers get 403 `locked`.";

export const opportunityOperations: Operation[] = [
  {
    method: "get", path: "/opportunities", tag, summary: "List opportunities, newest first (keyset pages)",
    query: listOpportunitiesQuery, response: opportunityListOutput,
  },
  {
    method: "post", path: "/opportunities", tag, summary: "Create an opportunity (admin, sales_ops, integration)",
    description: "The CSM is stamped from the account and the primary SA copied from the account's SA. `externalId` is unique (409).",
    body: createOpportunityInput, response: opportunityOutput, status: 201,
  },
  { method: "get", path: "/opportunities/{id}", tag, summary: "Get an opportunity", response: opportunityOutput },
  {
    method: "patch", path: "/opportunities/{id}", tag, summary: "Update an opportunity (admin, sales_ops, integration)",
    description:
      "Moving to a closed stage sets `closedAt` and locks the CSM and SAs. Reopening is `invalid_transition` unless the caller " +
      "is privileged; it unlocks and re-stamps the account's CSM unless overridden. A stale `version` is 409 `conflict`.",
    body: updateOpportunityInput, response: opportunityOutput,
  },
  {
    method: "put", path: "/opportunities/{id}/csm", tag, summary: "Override the CSM (privileged)",
    description: "Sets `csmOverridden: true`; stamping then leaves this opportunity alone. `userId: null` overrides to nobody.",
    body: setUserInput, response: opportunityOutput,
  },
  {
    method: "delete", path: "/opportunities/{id}/csm", tag, summary: "Clear the CSM override (privileged)",
    description: "Stamps the account's current CSM again, on closed opportunities too.",
    response: opportunityOutput,
  },
  {
    method: "put", path: "/opportunities/{id}/primary-sa", tag, summary: "Set the primary SA",
    description: `Privileged at any time; an \`sa\` only to themselves while open. The previous primary SA becomes a supporting SA. ${locks}`,
    body: setUserInput, response: opportunityOutput,
  },
  {
    method: "post", path: "/opportunities/{id}/supporting-sas", tag, summary: "Add a supporting SA",
    description: `Privileged at any time; an \`sa\` only themselves while open. Adding one already there changes nothing; the primary SA is 422. ${locks}`,
    body: supportingSaInput, response: opportunityOutput,
  },
  {
    method: "delete", path: "/opportunities/{id}/supporting-sas/{userId}", tag, summary: "Remove a supporting SA",
    description: `Privileged at any time; an \`sa\` only themselves while open. ${locks}`,
    response: opportunityOutput,
  },
  {
    method: "post", path: "/opportunities/{id}/merge", tag, summary: "Merge into another opportunity (admin, sales_ops, integration)",
    description:
      "Closes it as lost when open and sets `mergedIntoId`: excluded from workload and comp, its activities count for `intoId`. " +
      "Into itself, into a merged opportunity, or when already merged: 422 `invalid_transition`.",
    body: mergeInput, response: opportunityOutput,
  },
  {
    method: "post", path: "/activities", tag: "Activities", summary: "Log an activity (privileged, or an sa for themselves)",
    description:
      "`attributedOpportunityId`: the opportunity it was logged to, followed through merges; or, logged to the account only, " +
      "the account's opportunity open at `occurredAt` (closing soonest after it when several); null when none.",
    body: logActivityInput, response: activityOutput, status: 201,
  },
  {
    method: "get", path: "/activities", tag: "Activities", summary: "List activities with their attribution and its reason",
    query: listActivitiesQuery, response: activityListOutput,
  },
];
