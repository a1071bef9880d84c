import { beforeAll, describe, expect, it } from "vitest";
import { PROFILES } from "@/lib/auth/permissions.ts";
import type { Profile } from "@/lib/db/generated/enums.ts";
import { makeTokenUser } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import { type CaseWorld, makeCaseWorld, snapshotCase } from "@/test/support/matrix-world.ts";
import { type ActionSpec, ROUTES, SPECS } from "@/test/support/matrix-specs.ts";

/**
 * Who may do what through /api/v1, as API.md states it: one row per endpoint and action, one column
 * per profile. 200/201 = allowed; 403 = forbidden; locked = 403 locked (a closed opportunity);
 * 422 = ineligible_assignee (allowed to assign, but not that person: here, themselves);
 * 400 = allowed, but the Salesforce connector is off here (invalid_request: "not configured").
 * Each cell is a test with fresh records, calling the real route handler with a token of that
 * profile; a refused call must leave every record it could touch exactly as it was.
 */
const CONTRACT = `
| action                                                  | admin | sales_ops | sales_comp | finance | integration | csm_manager | csm | sa     | leader | sales  |
| POST /users                                             | 201   | 403       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| GET /users                                              | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /users/{id}                                         | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| PATCH /users/{id}                                       | 200   | 403       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| POST /users/{id}/tokens                                 | 201   | 403       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| GET /users/{id}/tokens: another user                    | 200   | 403       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| GET /users/{id}/tokens: themselves                      | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| DELETE /users/{id}/tokens/{tokenId}: another user's     | 200   | 403       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| DELETE /users/{id}/tokens/{tokenId}: their own          | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /roles                                              | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| POST /roles                                             | 201   | 403       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| POST /accounts                                          | 201   | 201       | 403        | 403     | 201         | 403         | 403 | 403    | 403    | 403    |
| GET /accounts                                           | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /accounts/{id}                                      | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| PATCH /accounts/{id}                                    | 200   | 200       | 403        | 403     | 200         | 403         | 403 | 403    | 403    | 403    |
| PUT team/csm: another CSM                               | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| PUT team/csm: nobody                                    | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| PUT team/sa: another SA                                 | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| PUT team/sa: themselves                                 | 422   | 422       | 422        | 422     | 422         | 422         | 403 | 200    | 403    | 403    |
| PUT team/sa: nobody, held by another SA                 | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| PUT team/sa: nobody, held by the caller                 | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 200    | 403    | 403    |
| PUT team/renewal_manager: a CSM                         | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| PATCH /accounts/{id}: the caller holds its CSM seat     | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 403    | 200    |
| PUT team/renewal_manager: the caller holds the CSM seat | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 403    | 200    |
| POST /opportunities                                     | 201   | 201       | 403        | 403     | 201         | 403         | 403 | 403    | 403    | 403    |
| GET /opportunities                                      | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /opportunities/{id}                                 | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| PATCH opportunity: rename (open)                        | 200   | 200       | 403        | 403     | 200         | 403         | 403 | 403    | 403    | 403    |
| PATCH opportunity: close (open → closed_won)            | 200   | 200       | 403        | 403     | 200         | 403         | 403 | 403    | 403    | 403    |
| PATCH opportunity: won → lost (closed)                  | 200   | 200       | 403        | 403     | 200         | 403         | 403 | 403    | 403    | 403    |
| PATCH opportunity: reopen (closed → prospecting)        | 200   | 200       | 403        | 403     | 200         | 403         | 403 | 403    | 403    | 403    |
| PUT opportunity csm: override (open)                    | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| PUT opportunity csm: override (closed)                  | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| DELETE opportunity csm: clear override (open)           | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| DELETE opportunity csm: clear override (closed)         | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| PUT primary-sa: another SA (open)                       | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| PUT primary-sa: another SA (closed)                     | 200   | 200       | 200        | 200     | 200         | 403         | 403 | locked | 403    | 403    |
| PUT primary-sa: themselves (open)                       | 422   | 422       | 422        | 422     | 422         | 403         | 403 | 200    | 403    | 403    |
| PUT primary-sa: themselves (closed)                     | 422   | 422       | 422        | 422     | 422         | 403         | 403 | locked | 403    | 403    |
| PUT primary-sa: nobody, held by the caller (open)       | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 200    | 403    | 403    |
| PUT primary-sa: nobody, held by the caller (closed)     | 200   | 200       | 200        | 200     | 200         | 403         | 403 | locked | 403    | 403    |
| POST supporting-sas: another SA (open)                  | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| POST supporting-sas: another SA (closed)                | 200   | 200       | 200        | 200     | 200         | 403         | 403 | locked | 403    | 403    |
| POST supporting-sas: themselves (open)                  | 422   | 422       | 422        | 422     | 422         | 403         | 403 | 200    | 403    | 403    |
| POST supporting-sas: themselves (closed)                | 422   | 422       | 422        | 422     | 422         | 403         | 403 | locked | 403    | 403    |
| DELETE supporting-sas: another SA (open)                | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| DELETE supporting-sas: another SA (closed)              | 200   | 200       | 200        | 200     | 200         | 403         | 403 | locked | 403    | 403    |
| DELETE supporting-sas: themselves (open)                | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 200    | 403    | 403    |
| DELETE supporting-sas: themselves (closed)              | 200   | 200       | 200        | 200     | 200         | 403         | 403 | locked | 403    | 403    |
| POST /opportunities/{id}/merge                          | 200   | 200       | 403        | 403     | 200         | 403         | 403 | 403    | 403    | 403    |
| POST /activities: for themselves                        | 201   | 201       | 201        | 201     | 201         | 403         | 403 | 201    | 403    | 403    |
| POST /activities: for another SA                        | 201   | 201       | 201        | 201     | 201         | 403         | 403 | 403    | 403    | 403    |
| GET /activities                                         | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /audit                                              | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| POST /reconcile: dry run                                | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| POST /reconcile: repair                                 | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| GET /workload?role=csm                                  | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /workload?role=sa                                   | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /comp/opportunities                                 | 200   | 403       | 200        | 200     | 403         | 403         | 403 | 403    | 200    | 403    |
| GET /comp/opportunities.csv                             | 200   | 403       | 200        | 200     | 403         | 403         | 403 | 403    | 200    | 403    |
| POST /comp/approvals                                    | 201   | 403       | 201        | 201     | 403         | 403         | 403 | 403    | 403    | 403    |
| GET /comp/approvals                                     | 200   | 403       | 200        | 200     | 403         | 403         | 403 | 403    | 200    | 403    |
| GET /comp/approvals/{id}                                | 200   | 403       | 200        | 200     | 403         | 403         | 403 | 403    | 200    | 403    |
| GET /comp/approvals/{id}/diff                           | 200   | 403       | 200        | 200     | 403         | 403         | 403 | 403    | 200    | 403    |
| POST /transfers: CSM book                               | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| POST /transfers: SA book                                | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| POST /transfers: dry run                                | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| POST /batches/{id}/undo                                 | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| GET /assignments/pending                                | 200   | 200       | 200        | 200     | 200         | 200         | 403 | 403    | 403    | 403    |
| POST /csqls: on an account the caller does not cover   | 201   | 201       | 201        | 201     | 201         | 201         | 403 | 403    | 403    | 403    |
| POST /csqls: on an account the caller covers            | 201   | 201       | 201        | 201     | 201         | 201         | 201 | 201    | 403    | 201    |
| GET /csqls                                              | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /csqls/{id}: in the sales ops queue                 | 200   | 200       | 200        | 200     | 200         | 404         | 404 | 404    | 404    | 404    |
| POST /csqls/{id}/accept: owned by the caller            | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 200    |
| POST /csqls/{id}/reject: owned by the caller            | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 200    |
| POST /csqls/{id}/convert: owned by the caller           | 201   | 201       | 201        | 201     | 201         | 403         | 403 | 403    | 403    | 201    |
| GET /csqls/summary                                      | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /csqls.csv                                          | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /csql-routes                                        | 200   | 200       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| PUT /csql-routes                                        | 200   | 200       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| DELETE /csql-routes/{id}                                | 204   | 204       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| GET /search                                             | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /saved-views                                        | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| POST /saved-views                                       | 201   | 201       | 201        | 201     | 201         | 201         | 201 | 201    | 201    | 201    |
| PATCH /saved-views/{id}: their own                      | 200   | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| PATCH /saved-views/{id}: rename another's shared view   | 403   | 403       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| PATCH /saved-views/{id}: another's shared view as default | 200 | 200       | 200        | 200     | 200         | 200         | 200 | 200    | 200    | 200    |
| GET /saved-views/{id}: another's private view           | 404   | 404       | 404        | 404     | 404         | 404         | 404 | 404    | 404    | 404    |
| DELETE /saved-views/{id}: another's shared view         | 204   | 403       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| GET /sync/salesforce                                    | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| PUT /sync/salesforce/mapping: connector off             | 400   | 403       | 403        | 403     | 403         | 403         | 403 | 403    | 403    | 403    |
| POST /sync/salesforce/run: connector off                | 400   | 400       | 400        | 400     | 400         | 403         | 403 | 403    | 403    | 403    |
| POST /sync/salesforce/catch: connector off              | 400   | 400       | 400        | 400     | 400         | 403         | 403 | 403    | 403    | 403    |
| GET /sync/salesforce/records                            | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
| POST /sync/salesforce/records/retry: nothing waits      | 404   | 404       | 404        | 404     | 404         | 403         | 403 | 403    | 403    | 403    |
| GET /sync/salesforce/runs                               | 200   | 200       | 200        | 200     | 200         | 403         | 403 | 403    | 403    | 403    |
`;

type Outcome = "200" | "201" | "204" | "400" | "403" | "404" | "locked" | "422";
type Row = { action: string; expected: Record<Profile, Outcome> };

function parseContract(table: string): Row[] {
  const [header, ...lines] = table.trim().split("\n").map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
  const profiles = header.slice(1);
  if (profiles.join() !== PROFILES.join()) throw new Error(`Contract columns must be ${PROFILES.join(", ")}`);
  return lines.map(([action, ...cells]) => ({
    action,
    expected: Object.fromEntries(profiles.map((profile, i) => [profile, cells[i] as Outcome])) as Record<Profile, Outcome>,
  }));
}

const ROWS = parseContract(CONTRACT);
const ERROR: Record<Outcome, { status: number; code?: string }> = {
  "200": { status: 200 },
  "201": { status: 201 },
  "204": { status: 204 },
  // Allowed, but the Salesforce connector is not configured in this world: refused as a bad request.
  "400": { status: 400, code: "invalid_request" },
  "404": { status: 404, code: "not_found" },
  "403": { status: 403, code: "forbidden" },
  locked: { status: 403, code: "locked" },
  "422": { status: 422, code: "ineligible_assignee" },
};

const actors = {} as Record<Profile, { id: string; profile: Profile; token: string }>;

beforeAll(async () => {
  await Promise.all(
    PROFILES.map(async (profile) => {
      const { user, token } = await makeTokenUser(profile);
      actors[profile] = { id: user.id, profile, token };
    }),
  );
});

async function runCase(spec: ActionSpec, world: CaseWorld, actor: (typeof actors)[Profile] | null) {
  const context = { w: world, actor: actor ?? { id: world.csm2, profile: "csm" as Profile } };
  await spec.arrange?.(context);
  const before = await snapshotCase(world);
  const { handler, method = "GET", params, body, path } = spec.request(context);
  const response = await call(handler, { token: actor?.token, method, params, body, path });
  const after = await snapshotCase(world);
  return { response, before, after };
}

describe("the contract table", () => {
  it("has one request for every row, and every route handler of the covered sections is in it", () => {
    expect(ROWS.map((row) => row.action).sort()).toEqual(Object.keys(SPECS).sort());
    const placeholder = { w: { period: {} }, actor: {} } as unknown as Parameters<ActionSpec["request"]>[0];
    const used = new Set(Object.values(SPECS).map((spec) => spec.request(placeholder).handler));
    const missing = ROUTES.filter((route) => !used.has(route.handler)).map((route) => route.name);
    expect(missing).toEqual([]);
  });
});

describe.concurrent("authorization matrix: every profile × every action, through HTTP", () => {
  for (const row of ROWS) {
    for (const profile of PROFILES) {
      const outcome = row.expected[profile];
      it(`${row.action} — ${profile} → ${outcome}`, async () => {
        const spec = SPECS[row.action];
        const { response, before, after } = await runCase(spec, await makeCaseWorld(), actors[profile]);
        const want = ERROR[outcome];
        expect({ status: response.status, code: response.body?.error?.code }, JSON.stringify(response.body)).toEqual({
          status: want.status,
          code: want.code,
        });
        if (want.code || !spec.mutates) {
          // Refused (or only a read): not a version, a team member, a CSM/SA or an audit entry moved.
          expect(after).toEqual(before);
        } else {
          // The snapshot does see what this action changes, so "unchanged" above means something.
          expect(after).not.toEqual(before);
        }
      });
    }
  }
});

describe.concurrent("without a token", () => {
  for (const row of ROWS) {
    it(`${row.action} → 401 unauthenticated, nothing written`, async () => {
      const { response, before, after } = await runCase(SPECS[row.action], await makeCaseWorld(), null);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("unauthenticated");
      expect(after).toEqual(before);
    });
  }
});
