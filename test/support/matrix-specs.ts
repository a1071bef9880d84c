import type { Profile } from "@/lib/db/generated/enums.ts";
import * as accountRoute from "@/app/api/v1/accounts/[id]/route.ts";
import * as teamRoute from "@/app/api/v1/accounts/[id]/team/[roleKey]/route.ts";
import * as accountsRoute from "@/app/api/v1/accounts/route.ts";
import * as activitiesRoute from "@/app/api/v1/activities/route.ts";
import * as pendingRoute from "@/app/api/v1/assignments/pending/route.ts";
import * as auditRoute from "@/app/api/v1/audit/route.ts";
import * as approvalDiffRoute from "@/app/api/v1/comp/approvals/[id]/diff/route.ts";
import * as approvalRoute from "@/app/api/v1/comp/approvals/[id]/route.ts";
import * as approvalsRoute from "@/app/api/v1/comp/approvals/route.ts";
import * as compCsvRoute from "@/app/api/v1/comp/opportunities.csv/route.ts";
import * as compRoute from "@/app/api/v1/comp/opportunities/route.ts";
import * as csqlRouteOneRoute from "@/app/api/v1/csql-routes/[id]/route.ts";
import * as csqlRoutesRoute from "@/app/api/v1/csql-routes/route.ts";
import * as csqlAcceptRoute from "@/app/api/v1/csqls/[id]/accept/route.ts";
import * as csqlConvertRoute from "@/app/api/v1/csqls/[id]/convert/route.ts";
import * as csqlRejectRoute from "@/app/api/v1/csqls/[id]/reject/route.ts";
import * as csqlRoute from "@/app/api/v1/csqls/[id]/route.ts";
import * as csqlsCsvRoute from "@/app/api/v1/csqls.csv/route.ts";
import * as csqlsRoute from "@/app/api/v1/csqls/route.ts";
import * as csqlSummaryRoute from "@/app/api/v1/csqls/summary/route.ts";
import * as csmRoute from "@/app/api/v1/opportunities/[id]/csm/route.ts";
import * as mergeRoute from "@/app/api/v1/opportunities/[id]/merge/route.ts";
import * as primarySaRoute from "@/app/api/v1/opportunities/[id]/primary-sa/route.ts";
import * as opportunityRoute from "@/app/api/v1/opportunities/[id]/route.ts";
import * as supportingSaRoute from "@/app/api/v1/opportunities/[id]/supporting-sas/[userId]/route.ts";
import * as supportingSasRoute from "@/app/api/v1/opportunities/[id]/supporting-sas/route.ts";
import * as opportunitiesRoute from "@/app/api/v1/opportunities/route.ts";
import * as reconcileRoute from "@/app/api/v1/reconcile/route.ts";
import * as savedViewRoute from "@/app/api/v1/saved-views/[id]/route.ts";
import * as savedViewsRoute from "@/app/api/v1/saved-views/route.ts";
import * as searchRoute from "@/app/api/v1/search/route.ts";
import * as rolesRoute from "@/app/api/v1/roles/route.ts";
import * as transfersRoute from "@/app/api/v1/transfers/route.ts";
import * as undoRoute from "@/app/api/v1/batches/[id]/undo/route.ts";
import * as userRoute from "@/app/api/v1/users/[id]/route.ts";
import * as tokenRoute from "@/app/api/v1/users/[id]/tokens/[tokenId]/route.ts";
import * as tokensRoute from "@/app/api/v1/users/[id]/tokens/route.ts";
import * as usersRoute from "@/app/api/v1/users/route.ts";
import * as workloadRoute from "@/app/api/v1/workload/route.ts";
import * as sfStatusRoute from "@/app/api/v1/sync/salesforce/route.ts";
import * as sfMappingRoute from "@/app/api/v1/sync/salesforce/mapping/route.ts";
import * as sfRunRoute from "@/app/api/v1/sync/salesforce/run/route.ts";
import * as sfCatchRoute from "@/app/api/v1/sync/salesforce/catch/route.ts";
import * as sfRecordsRoute from "@/app/api/v1/sync/salesforce/records/route.ts";
import * as sfRetryRoute from "@/app/api/v1/sync/salesforce/records/retry/route.ts";
import * as sfRunsRoute from "@/app/api/v1/sync/salesforce/runs/route.ts";
import type { call } from "@/test/http.ts";
import { arrange, type CaseWorld, createdAccountName, createdUserEmail } from "./matrix-world.ts";

type Handler = Parameters<typeof call>[0];
export type CaseContext = { w: CaseWorld; actor: { id: string; profile: Profile } };
export type CaseRequest = { handler: Handler; method?: string; params?: Record<string, string>; body?: unknown; path?: string };
export type ActionSpec = {
  /** Whether an allowed call changes records (reads and dry runs do not). */
  mutates: boolean;
  /** Record-dependent set-up before the call: the caller holding the SA slot, an override … */
  arrange?: (context: CaseContext) => Promise<unknown>;
  request: (context: CaseContext) => CaseRequest;
};

/** Every handler of the sections the matrix covers, so none can be left out of it. */
const MODULES: Record<string, Record<string, unknown>> = {
  "/users": usersRoute, "/users/{id}": userRoute, "/users/{id}/tokens": tokensRoute,
  "/users/{id}/tokens/{tokenId}": tokenRoute, "/roles": rolesRoute,
  "/accounts": accountsRoute, "/accounts/{id}": accountRoute, "/accounts/{id}/team/{roleKey}": teamRoute,
  "/opportunities": opportunitiesRoute, "/opportunities/{id}": opportunityRoute, "/opportunities/{id}/csm": csmRoute,
  "/opportunities/{id}/primary-sa": primarySaRoute, "/opportunities/{id}/supporting-sas": supportingSasRoute,
  "/opportunities/{id}/supporting-sas/{userId}": supportingSaRoute, "/opportunities/{id}/merge": mergeRoute,
  "/activities": activitiesRoute, "/audit": auditRoute, "/reconcile": reconcileRoute, "/workload": workloadRoute,
  "/comp/opportunities": compRoute, "/comp/opportunities.csv": compCsvRoute, "/comp/approvals": approvalsRoute,
  "/comp/approvals/{id}": approvalRoute, "/comp/approvals/{id}/diff": approvalDiffRoute, "/transfers": transfersRoute,
  "/batches/{id}/undo": undoRoute,
  "/assignments/pending": pendingRoute,
  "/csqls": csqlsRoute, "/csqls/{id}": csqlRoute, "/csqls/{id}/accept": csqlAcceptRoute, "/csqls/{id}/reject": csqlRejectRoute,
  "/csqls/{id}/convert": csqlConvertRoute, "/csqls/summary": csqlSummaryRoute, "/csqls.csv": csqlsCsvRoute,
  "/csql-routes": csqlRoutesRoute, "/csql-routes/{id}": csqlRouteOneRoute,
  "/search": searchRoute, "/saved-views": savedViewsRoute, "/saved-views/{id}": savedViewRoute,
  "/sync/salesforce": sfStatusRoute, "/sync/salesforce/mapping": sfMappingRoute, "/sync/salesforce/run": sfRunRoute,
  "/sync/salesforce/catch": sfCatchRoute, "/sync/salesforce/records": sfRecordsRoute, "/sync/salesforce/records/retry": sfRetryRoute,
  "/sync/salesforce/runs": sfRunsRoute,
};

export const ROUTES = Object.entries(MODULES).flatMap(([path, module]) =>
  ["GET", "POST", "PUT", "PATCH", "DELETE"]
    .filter((method) => typeof module[method] === "function")
    .map((method) => ({ name: `${method} ${path}`, handler: module[method] as Handler })),
);

const get = (handler: Handler, path?: string, params?: Record<string, string>): CaseRequest => ({ handler, path, params });
const send = (handler: Handler, method: string, params: Record<string, string> | undefined, body?: unknown): CaseRequest =>
  ({ handler, method, params, body });

const read = (request: ActionSpec["request"], prepare?: ActionSpec["arrange"]): ActionSpec => ({ mutates: false, request, arrange: prepare });
const write = (request: ActionSpec["request"], prepare?: ActionSpec["arrange"]): ActionSpec =>
  ({ mutates: true, request, arrange: prepare });

const team = (role: string, userId: (c: CaseContext) => string | null) => (c: CaseContext) =>
  send(teamRoute.PUT, "PUT", { id: c.w.accountId, roleKey: role }, { userId: userId(c) });
const open = (c: CaseContext) => c.w.openId;
const closed = (c: CaseContext) => c.w.closedId;
// A closed-won deal's credit changes only with a reason (every caller here gives one; the rule has its own test).
const onOpportunity = (which: (c: CaseContext) => string, reason?: string) => ({
  patch: (body: unknown) => (c: CaseContext) => send(opportunityRoute.PATCH, "PATCH", { id: which(c) }, body),
  overrideCsm: (c: CaseContext) => send(csmRoute.PUT, "PUT", { id: which(c) }, { userId: c.w.csm2, reason }),
  clearOverride: (c: CaseContext) => send(csmRoute.DELETE, "DELETE", { id: which(c) }),
  primarySa: (userId: (c: CaseContext) => string | null) => (c: CaseContext) =>
    send(primarySaRoute.PUT, "PUT", { id: which(c) }, { userId: userId(c), reason }),
  addSupporting: (userId: (c: CaseContext) => string) => (c: CaseContext) =>
    send(supportingSasRoute.POST, "POST", { id: which(c) }, { userId: userId(c) }),
  removeSupporting: (userId: (c: CaseContext) => string) => (c: CaseContext) =>
    send(supportingSaRoute.DELETE, "DELETE", { id: which(c), userId: userId(c) }),
});
const onOpen = onOpportunity(open);
const onClosed = onOpportunity(closed, "Credit agreed with comp");
const self = (c: CaseContext) => c.actor.id;
const otherSa = (c: CaseContext) => c.w.sa2;
const period = (c: CaseContext) => `from=${c.w.period.from}&to=${c.w.period.to}`;
const activity = (userId: (c: CaseContext) => string) => (c: CaseContext) =>
  send(activitiesRoute.POST, "POST", undefined, {
    userId: userId(c), accountId: c.w.accountId, opportunityId: c.w.openId, occurredAt: new Date().toISOString(), type: "call",
  });
const transfer = (body: (c: CaseContext) => Record<string, unknown>) => (c: CaseContext) =>
  send(transfersRoute.POST, "POST", undefined, body(c));
const raiseCsql = (c: CaseContext) =>
  send(csqlsRoute.POST, "POST", undefined, { accountId: c.w.accountId, title: `Raised ${c.w.tag}`, kind: "renewal" });
const ownLead = (c: CaseContext) => arrange.csqlOwner(c.w, c.actor.id);
const reconcile = (dryRun: boolean) => (c: CaseContext) =>
  send(reconcileRoute.POST, "POST", undefined, { dryRun, accountIds: [c.w.accountId] });

/** The request behind each row of the contract table, keyed by the row's name. */
export const SPECS: Record<string, ActionSpec> = {
  "POST /users": write((c) => send(usersRoute.POST, "POST", undefined, {
    email: createdUserEmail(c.w), name: `New ${c.w.tag}`, profile: "csm",
  })),
  "GET /users": read((c) => get(usersRoute.GET, `/users?q=${c.w.tag}`)),
  "GET /users/{id}": read((c) => get(userRoute.GET, undefined, { id: c.w.csm2 })),
  "PATCH /users/{id}": write((c) => send(userRoute.PATCH, "PATCH", { id: c.w.csm2 }, { capacity: 7 })),
  "POST /users/{id}/tokens": write((c) => send(tokensRoute.POST, "POST", { id: c.w.csm2 }, {})),
  "GET /users/{id}/tokens: another user": read((c) => get(tokensRoute.GET, undefined, { id: c.w.csm2 })),
  "GET /users/{id}/tokens: themselves": read((c) => get(tokensRoute.GET, undefined, { id: c.actor.id })),
  "DELETE /users/{id}/tokens/{tokenId}: another user's": write(
    (c) => send(tokenRoute.DELETE, "DELETE", { id: c.w.csm2, tokenId: c.w.tokenId ?? "" }),
    (c) => arrange.token(c.w, c.w.csm2),
  ),
  "DELETE /users/{id}/tokens/{tokenId}: their own": write(
    (c) => send(tokenRoute.DELETE, "DELETE", { id: c.actor.id, tokenId: c.w.tokenId ?? "" }),
    (c) => arrange.token(c.w, c.actor.id),
  ),
  "GET /roles": read(() => get(rolesRoute.GET)),
  "POST /roles": write((c) => send(rolesRoute.POST, "POST", undefined, {
    key: c.w.roleKey, label: `Matrix ${c.w.tag}`, eligibleProfiles: ["csm"],
  })),

  "POST /accounts": write((c) => send(accountsRoute.POST, "POST", undefined, { name: createdAccountName(c.w) })),
  "GET /accounts": read((c) => get(accountsRoute.GET, `/accounts?q=${c.w.tag}`)),
  "GET /accounts/{id}": read((c) => get(accountRoute.GET, undefined, { id: c.w.accountId })),
  "PATCH /accounts/{id}": write((c) => send(accountRoute.PATCH, "PATCH", { id: c.w.accountId }, { region: `r-${c.w.tag}` })),
  "PUT team/csm: another CSM": write(team("csm", (c) => c.w.csm2)),
  "PUT team/csm: nobody": write(team("csm", () => null)),
  "PUT team/sa: another SA": write(team("sa", otherSa)),
  "PUT team/sa: themselves": write(team("sa", self)),
  "PUT team/sa: nobody, held by another SA": write(team("sa", () => null)),
  "PUT team/sa: nobody, held by the caller": write(team("sa", () => null), (c) => arrange.saHolder(c.w, c.actor.id)),
  "PUT team/renewal_manager: a CSM": write(team("renewal_manager", (c) => c.w.csm2)),
  "PATCH /accounts/{id}: the caller holds its CSM seat": write(
    (c) => send(accountRoute.PATCH, "PATCH", { id: c.w.accountId }, { region: `r-${c.w.tag}` }), (c) => arrange.covers(c.w, c.actor.id)),
  "PUT team/renewal_manager: the caller holds the CSM seat": write(team("renewal_manager", (c) => c.w.csm2), (c) => arrange.covers(c.w, c.actor.id)),

  "POST /opportunities": write((c) => send(opportunitiesRoute.POST, "POST", undefined, {
    accountId: c.w.accountId, name: `New opportunity ${c.w.tag}`,
  })),
  "GET /opportunities": read((c) => get(opportunitiesRoute.GET, `/opportunities?accountId=${c.w.accountId}`)),
  "GET /opportunities/{id}": read((c) => get(opportunityRoute.GET, undefined, { id: c.w.openId })),
  "PATCH opportunity: rename (open)": write(onOpen.patch({ name: "Renamed" })),
  "PATCH opportunity: close (open → closed_won)": write(onOpen.patch({ stage: "closed_won" })),
  "PATCH opportunity: won → lost (closed)": write(onClosed.patch({ stage: "closed_lost" })),
  "PATCH opportunity: reopen (closed → prospecting)": write(onClosed.patch({ stage: "prospecting" })),
  "PUT opportunity csm: override (open)": write(onOpen.overrideCsm),
  "PUT opportunity csm: override (closed)": write(onClosed.overrideCsm),
  "DELETE opportunity csm: clear override (open)": write(onOpen.clearOverride, (c) => arrange.overridden(c.w.openId, c.w.csm2)),
  "DELETE opportunity csm: clear override (closed)": write(onClosed.clearOverride, (c) => arrange.overridden(c.w.closedId, c.w.csm2)),
  "PUT primary-sa: another SA (open)": write(onOpen.primarySa(otherSa)),
  "PUT primary-sa: another SA (closed)": write(onClosed.primarySa(otherSa)),
  "PUT primary-sa: themselves (open)": write(onOpen.primarySa(self)),
  "PUT primary-sa: themselves (closed)": write(onClosed.primarySa(self)),
  "PUT primary-sa: nobody, held by the caller (open)": write(onOpen.primarySa(() => null), (c) => arrange.primarySa(c.w.openId, c.actor.id)),
  "PUT primary-sa: nobody, held by the caller (closed)": write(onClosed.primarySa(() => null), (c) => arrange.primarySa(c.w.closedId, c.actor.id)),
  "POST supporting-sas: another SA (open)": write(onOpen.addSupporting(otherSa)),
  "POST supporting-sas: another SA (closed)": write(onClosed.addSupporting(otherSa)),
  "POST supporting-sas: themselves (open)": write(onOpen.addSupporting(self)),
  "POST supporting-sas: themselves (closed)": write(onClosed.addSupporting(self)),
  "DELETE supporting-sas: another SA (open)": write(onOpen.removeSupporting(otherSa), (c) => arrange.supportingSa(c.w.openId, c.w.sa2)),
  "DELETE supporting-sas: another SA (closed)": write(onClosed.removeSupporting(otherSa), (c) => arrange.supportingSa(c.w.closedId, c.w.sa2)),
  "DELETE supporting-sas: themselves (open)": write(onOpen.removeSupporting(self), (c) => arrange.supportingSa(c.w.openId, c.actor.id)),
  "DELETE supporting-sas: themselves (closed)": write(onClosed.removeSupporting(self), (c) => arrange.supportingSa(c.w.closedId, c.actor.id)),
  "POST /opportunities/{id}/merge": write((c) => send(mergeRoute.POST, "POST", { id: c.w.spareId }, { intoId: c.w.openId })),

  "POST /activities: for themselves": write(activity(self)),
  "POST /activities: for another SA": write(activity(otherSa)),
  "GET /activities": read((c) => get(activitiesRoute.GET, `/activities?accountId=${c.w.accountId}`)),
  "GET /audit": read((c) => get(auditRoute.GET, `/audit?entityType=account&entityId=${c.w.accountId}`)),
  "POST /reconcile: dry run": { mutates: false, request: reconcile(true), arrange: (c) => arrange.drifted(c.w.openId, c.w.csm2) },
  "POST /reconcile: repair": write(reconcile(false), (c) => arrange.drifted(c.w.openId, c.w.csm2)),
  "GET /workload?role=csm": read((c) => get(workloadRoute.GET, `/workload?role=csm&segment=${c.w.tag}`)),
  "GET /workload?role=sa": read((c) => get(workloadRoute.GET, `/workload?role=sa&segment=${c.w.tag}`)),

  "GET /comp/opportunities": read((c) => get(compRoute.GET, `/comp/opportunities?${period(c)}`)),
  "GET /comp/opportunities.csv": read((c) => get(compCsvRoute.GET, `/comp/opportunities.csv?${period(c)}`)),
  "POST /comp/approvals": write((c) => send(approvalsRoute.POST, "POST", undefined, c.w.period)),
  "GET /comp/approvals": read((c) => get(approvalsRoute.GET, `/comp/approvals?${period(c)}`)),
  "GET /comp/approvals/{id}": read((c) => get(approvalRoute.GET, undefined, { id: c.w.approvalId })),
  "GET /comp/approvals/{id}/diff": read((c) => get(approvalDiffRoute.GET, undefined, { id: c.w.approvalId })),

  "POST /transfers: CSM book": write(transfer((c) => ({ roleKey: "csm", fromUserId: c.w.csm1, toUserId: c.w.csm2, dryRun: false }))),
  "POST /transfers: SA book": write(transfer((c) => ({ roleKey: "sa", fromUserId: c.w.sa1, toUserId: c.w.sa2, dryRun: false }))),
  "POST /batches/{id}/undo": write((c) => send(undoRoute.POST, "POST", { id: c.w.batchId ?? "" }, { reason: "Wrong rep" }), (c) => arrange.batch(c.w)),
  "POST /transfers: dry run": read(transfer((c) => ({ roleKey: "csm", fromUserId: c.w.csm1, toUserId: c.w.csm2, dryRun: true }))),
  "GET /assignments/pending": read(() => get(pendingRoute.GET)),

  "POST /csqls: on an account the caller does not cover": write(raiseCsql),
  "POST /csqls: on an account the caller covers": write(raiseCsql, (c) => arrange.covers(c.w, c.actor.id)),
  "GET /csqls": read((c) => get(csqlsRoute.GET, `/csqls?accountId=${c.w.accountId}`)),
  "GET /csqls/{id}: in the sales ops queue": read((c) => get(csqlRoute.GET, undefined, { id: c.w.csqlId })),
  "POST /csqls/{id}/accept: owned by the caller": write((c) => send(csqlAcceptRoute.POST, "POST", { id: c.w.csqlId }), ownLead),
  "POST /csqls/{id}/reject: owned by the caller": write(
    (c) => send(csqlRejectRoute.POST, "POST", { id: c.w.csqlId }, { reason: "No budget" }), ownLead),
  "POST /csqls/{id}/convert: owned by the caller": write((c) => send(csqlConvertRoute.POST, "POST", { id: c.w.csqlId }, {}), ownLead),
  "GET /csqls/summary": read(() => get(csqlSummaryRoute.GET, "/csqls/summary?groupBy=csm")),
  "GET /csqls.csv": read((c) => get(csqlsCsvRoute.GET, `/csqls.csv?accountId=${c.w.accountId}`)),
  "GET /sync/salesforce": read(() => get(sfStatusRoute.GET)),
  "PUT /sync/salesforce/mapping: connector off": write(() => send(sfMappingRoute.PUT, "PUT", undefined, {
    account: { csm: "Technical_Account_Manager_LU__c" }, opportunity: { csm: "Technical_Account_Manager__c" },
  })),
  "POST /sync/salesforce/run: connector off": write(() => send(sfRunRoute.POST, "POST", undefined, { direction: "both" })),
  "POST /sync/salesforce/catch: connector off": write(() => send(sfCatchRoute.POST, "POST", undefined, { dryRun: false })),
  "GET /sync/salesforce/records": read(() => get(sfRecordsRoute.GET)),
  "POST /sync/salesforce/records/retry: nothing waits": write(() => send(sfRetryRoute.POST, "POST", undefined, {
    object: "Opportunity", recordId: "00000000-0000-4000-8000-000000000000",
  })),
  "GET /sync/salesforce/runs": read(() => get(sfRunsRoute.GET)),
  "GET /csql-routes": read(() => get(csqlRoutesRoute.GET)),
  "PUT /csql-routes": write((c) => send(csqlRoutesRoute.PUT, "PUT", undefined, { segment: c.w.tag, ownerId: c.w.seller })),
  "DELETE /csql-routes/{id}": write((c) => send(csqlRouteOneRoute.DELETE, "DELETE", { id: (c as CaseContext & { routeId?: string }).routeId ?? "" }),
    async (c) => { (c as CaseContext & { routeId?: string }).routeId = (await arrange.csqlRoute(c.w))[0].id; }),

  "GET /search": read((c) => get(searchRoute.GET, `/search?q=${encodeURIComponent(`Matrix ${c.w.tag}`)}`)),
  "GET /saved-views": read(() => get(savedViewsRoute.GET, "/saved-views?table=accounts")),
  "POST /saved-views": write((c) => send(savedViewsRoute.POST, "POST", undefined, {
    table: "accounts", name: `View ${c.w.tag}`, query: `segment=${c.w.tag}`, shared: true,
  })),
  "PATCH /saved-views/{id}: their own": write(
    (c) => send(savedViewRoute.PATCH, "PATCH", { id: c.w.viewId ?? "" }, { name: `Renamed ${c.w.tag}` }),
    (c) => arrange.savedView(c.w, c.actor.id, false)),
  "PATCH /saved-views/{id}: rename another's shared view": write(
    (c) => send(savedViewRoute.PATCH, "PATCH", { id: c.w.viewId ?? "" }, { name: `Renamed ${c.w.tag}` }),
    (c) => arrange.savedView(c.w, c.w.csm1, true)),
  "PATCH /saved-views/{id}: another's shared view as default": write(
    (c) => send(savedViewRoute.PATCH, "PATCH", { id: c.w.viewId ?? "" }, { isDefault: true }),
    (c) => arrange.savedView(c.w, c.w.csm1, true)),
  "GET /saved-views/{id}: another's private view": read(
    (c) => get(savedViewRoute.GET, undefined, { id: c.w.viewId ?? "" }), (c) => arrange.savedView(c.w, c.w.csm1, false)),
  "DELETE /saved-views/{id}: another's shared view": write(
    (c) => send(savedViewRoute.DELETE, "DELETE", { id: c.w.viewId ?? "" }),
    (c) => arrange.savedView(c.w, c.w.csm1, true)),
};
