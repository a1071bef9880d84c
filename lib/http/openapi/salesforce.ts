import "server-only";
import { z } from "zod";
import {
  catchInput, catchOutput, pendingRecord, retryRecordInput, runSyncInput, syncRun, syncStatusOutput, updateMappingInput,
} from "@/lib/domain/salesforce/schemas.ts";
import type { Operation } from "./types.ts";

const tag = "Salesforce sync";
export const salesforceOperations: Operation[] = [
  {
    method: "get", path: "/sync/salesforce", tag, summary: "Connection, mapping, last runs, lag and waiting records (privileged)",
    description: "Configured by SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and SALESFORCE_API_VERSION (default 62.0); no secret is stored in the database.",
    response: syncStatusOutput,
  },
  {
    method: "put", path: "/sync/salesforce/mapping", tag, summary: "Map Roster's coverage to Salesforce fields (admin)",
    description: "Each field is checked against the object's describe: it must exist, be a lookup to User and be updateable. `csqlTarget` sends new CSQLs as Leads or Opportunities.",
    body: updateMappingInput, response: syncStatusOutput,
  },
  {
    method: "post", path: "/sync/salesforce/run", tag, summary: "Run the sync now (privileged)",
    description: "Queues a run; `full` loads every account, opportunity and user instead of what changed since the last poll.",
    body: runSyncInput, response: z.object({ queued: z.literal(true), direction: z.string(), full: z.boolean() }), status: 202,
  },
  {
    method: "post", path: "/sync/salesforce/catch", tag, summary: "Compare every mapped field with Roster; repair unless a dry run (privileged)",
    body: catchInput, response: catchOutput,
  },
  {
    method: "get", path: "/sync/salesforce/records", tag, summary: "Records Salesforce refused, with its error (privileged)",
    response: z.object({ items: z.array(pendingRecord) }),
  },
  {
    method: "post", path: "/sync/salesforce/records/retry", tag, summary: "Send a refused record again (privileged)",
    body: retryRecordInput, response: z.object({ queued: z.literal(true) }), status: 202,
  },
  { method: "get", path: "/sync/salesforce/runs", tag, summary: "The latest runs with their API call counts (privileged)", response: z.object({ items: z.array(syncRun) }) },
];
