import "server-only";
import { z } from "zod";
import {
  accountFieldListOutput, accountFieldOutput, createAccountFieldInput, deleteAccountFieldInput, setAccountFieldsInput, updateAccountFieldInput,
} from "@/lib/domain/account-fields/schemas.ts";
import { accountOutput } from "@/lib/domain/accounts/schemas.ts";
import { teamPerformanceOutput, teamPerformanceQuery } from "@/lib/domain/team-performance/schemas.ts";
import type { Operation } from "./types.ts";

export const accountFieldOperations: Operation[] = [
  {
    method: "get", path: "/account-fields", tag: "Account fields", summary: "List the account fields, in display order",
    description: "Accounts carry `fields: {<key>: value}`. `GET /accounts` filters `field.<key>=` (repeat it, or comma-separate a picklist's options), " +
      "`field.<key>.min=`/`.max=` for numbers and dates, and sorts `sort=field.<key>` (`-field.<key>` or `dir=desc` descending).",
    response: accountFieldListOutput,
  },
  {
    method: "post", path: "/account-fields", tag: "Account fields", summary: "Define an account field (admin)",
    description: "`crm`-owned fields are written only by privileged profiles (the integration profile among them) and imports; " +
      "`roster`-owned ones by admins and the `editableBy` profiles. `score` numbers are averaged on team performance.",
    body: createAccountFieldInput, response: accountFieldOutput, status: 201,
  },
  {
    method: "patch", path: "/account-fields/{key}", tag: "Account fields", summary: "Relabel, reorder or reconfigure a field (admin); values are kept",
    description: "The key and type never change. Removing a picklist option that accounts still hold is 409 `conflict`.",
    body: updateAccountFieldInput, response: accountFieldOutput,
  },
  {
    method: "delete", path: "/account-fields/{key}", tag: "Account fields", summary: "Delete a field and its values (admin)",
    description: "A field some accounts hold a value for is 409 `conflict` with `details.inUse` unless `confirm=true`. Audited.",
    query: deleteAccountFieldInput, response: z.object({ key: z.string(), deletedValues: z.number().int() }),
  },
  {
    method: "patch", path: "/accounts/{id}/fields", tag: "Account fields", summary: "Set an account's field values (any profile, per field rules)",
    description: "Each value is checked by its field's type (400 `invalid_request`, `details.fields[\"fields.<key>\"]`); a field the profile may " +
      "not write is 403 `forbidden`. null clears a value. `version`, when given, must match (409 otherwise). History is in the audit trail as `fields.<key>`.",
    body: setAccountFieldsInput, response: accountOutput,
  },
  {
    method: "get", path: "/team-performance", tag: "Team performance",
    summary: "Per holder of a role: accounts, ARR, MRR, score averages, picklist spreads (admin, finance, csm_manager, leader)",
    description: "`role` is any account role (default `csm`); `parentsOnly=true` counts top-level accounts only; `managerId`, `segment`, " +
      "`region` filter; `picklist` narrows `counts` to one picklist field. Every active user eligible for the role appears.",
    query: teamPerformanceQuery, response: teamPerformanceOutput,
  },
  {
    method: "get", path: "/team-performance.csv", tag: "Team performance", summary: "Team performance as CSV",
    description: "The same filters; one row per person, a column per score and per picklist option. Spreadsheet-safe.",
    query: teamPerformanceQuery, produces: "text/csv",
  },
];
