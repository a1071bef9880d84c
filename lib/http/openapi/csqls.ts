import "server-only";
import { z } from "zod";
import { opportunityOutput } from "@/lib/domain/opportunities/schemas.ts";
import {
  convertCsqlInput, csqlOutput, csqlRouteInput, csqlSummaryOutput, csqlSummaryQuery, listCsqlsQuery, raiseCsqlInput, rejectCsqlInput,
} from "@/lib/domain/csqls/schemas.ts";
import type { Operation } from "./types.ts";

const routeOutput = z.object({
  id: z.string(), segment: z.string().nullable(), region: z.string().nullable(),
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
});

export const csqlOperations: Operation[] = [
  {
    method: "post", path: "/csqls", tag: "CSQLs", summary: "Raise a CSQL",
    description:
      "A `csm` or `sa` only on an account they hold a role on (403 otherwise); privileged profiles and csm_manager on any account. " +
      "`ownerId` defaults to the account's Account Executive (when they can work CSQLs), else the CSQL routing rule for the account's " +
      "segment and region, else nobody (the sales ops queue). The same title on the same account within a day is accepted with a " +
      "`likely_duplicate` warning.",
    body: raiseCsqlInput, response: csqlOutput, status: 201,
  },
  {
    method: "get", path: "/csqls", tag: "CSQLs", summary: "List CSQLs, newest first (keyset pages)",
    description: "Everyone sees the CSQLs they raised or own; csm_manager and leader their team's; privileged profiles all. `unowned=true`: the sales ops queue.",
    query: listCsqlsQuery, response: z.object({ items: z.array(csqlOutput), nextCursor: z.string().nullable() }),
  },
  { method: "get", path: "/csqls/{id}", tag: "CSQLs", summary: "Get a CSQL", response: csqlOutput },
  {
    method: "post", path: "/csqls/{id}/accept", tag: "CSQLs", summary: "Accept a new CSQL (its owner, or privileged)",
    description: "From the sales ops queue, whoever accepts it becomes its owner. Anything but `new`: 422 `invalid_transition`.", response: csqlOutput,
  },
  {
    method: "post", path: "/csqls/{id}/reject", tag: "CSQLs", summary: "Reject a CSQL with a reason (its owner, or privileged)",
    body: rejectCsqlInput, response: csqlOutput,
  },
  {
    method: "post", path: "/csqls/{id}/convert", tag: "CSQLs", summary: "Convert a CSQL into an opportunity (its owner, or privileged)",
    description: "Creates the opportunity by the rules of `POST /opportunities` (the account's CSM stamped, its SA copied), in the same transaction, linked both ways. Twice: 422 `invalid_transition`.",
    body: convertCsqlInput, response: z.object({ csql: csqlOutput, opportunity: opportunityOutput }), status: 201,
  },
  {
    method: "get", path: "/csqls/summary", tag: "CSQLs", summary: "CSQL revenue impact by CSM, manager or month",
    description: "`accepted` counts accepted and converted ones; `pipeline` and `closedWon` sum the amounts of the opportunities converted CSQLs became.",
    query: csqlSummaryQuery, response: csqlSummaryOutput,
  },
  { method: "get", path: "/csqls.csv", tag: "CSQLs", summary: "Every CSQL the list's filters match, as CSV", query: listCsqlsQuery, produces: "text/csv" },
  { method: "get", path: "/csql-routes", tag: "CSQLs", summary: "CSQL routing rules (admin, sales_ops)", response: z.object({ items: z.array(routeOutput) }) },
  {
    method: "put", path: "/csql-routes", tag: "CSQLs", summary: "Set who owns new CSQLs of a segment and region (admin, sales_ops)",
    description: "A null segment or region matches any. A rule for the same pair replaces the earlier one.", body: csqlRouteInput, response: routeOutput,
  },
  { method: "delete", path: "/csql-routes/{id}", tag: "CSQLs", summary: "Delete a CSQL routing rule (admin, sales_ops)", status: 204 },
];
