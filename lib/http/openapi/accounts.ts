import "server-only";
import {
  accountListOutput, accountOutput, assignRoleInput, assignRoleOutput, createAccountInput, listAccountsQuery, updateAccountInput,
} from "@/lib/domain/accounts/schemas.ts";
import { pendingAssignmentsOutput } from "@/lib/domain/assignments/schemas.ts";
import { transferBookInput, transferBookOutput } from "@/lib/domain/transfers/schemas.ts";
import { undoBatchInput, undoBatchOutput } from "@/lib/domain/batches/schemas.ts";
import type { Operation } from "./types.ts";

export const accountOperations: Operation[] = [
  {
    method: "get", path: "/accounts", tag: "Accounts", summary: "List accounts (keyset pages by name, or by an account field)",
    description: "Pass `nextCursor` back as `cursor` for the next page. `q` matches the name (contains, any case) or the exact externalId. " +
      "Account fields: `field.<key>=` (equality; repeat it, or comma-separate a picklist's options), `field.<key>.min=`/`.max=` " +
      "(numbers and dates), `sort=field.<key>` (accounts without a value last; `-field.<key>` or `dir=desc` reverses).",
    query: listAccountsQuery.omit({ fieldFilters: true }), response: accountListOutput,
  },
  {
    method: "post", path: "/accounts", tag: "Accounts", summary: "Create an account (admin, sales_ops, integration)",
    description: "With `csmInheritance: \"parent\"` and a `parentId`, the account takes its parent's CSM.",
    body: createAccountInput, response: accountOutput, status: 201,
  },
  { method: "get", path: "/accounts/{id}", tag: "Accounts", summary: "Get an account with its team", response: accountOutput },
  {
    method: "patch", path: "/accounts/{id}", tag: "Accounts", summary: "Update an account (admin, sales_ops, integration)",
    description:
      "`version`, when given, must match (409 `conflict` otherwise). A parent that would make a cycle is 422 `invalid_transition`. " +
      "An account that comes to inherit its CSM takes the parent's CSM at once and stamps its open opportunities.",
    body: updateAccountInput, response: accountOutput,
  },
  {
    method: "put", path: "/accounts/{id}/team/{roleKey}", tag: "Accounts", summary: "Set or clear a role's holder on an account",
    description:
      "`csm`: privileged profiles and csm_manager; the new CSM is stamped on the account's open opportunities (overridden ones only with " +
      "`includeOverridden`, which clears the override) and flows to inheriting child accounts. `sa`: privileged and csm_manager; an `sa` may " +
      "set it to themselves, or clear it only when it is themselves. Other roles: privileged and csm_manager. Unknown role: 404.",
    body: assignRoleInput, response: assignRoleOutput,
  },
  {
    method: "post", path: "/transfers", tag: "Book transfers", summary: "Move a holder's book to another user (privileged, csm_manager)",
    description: "One transaction, one audit batch, with stamping and cascade for `csm`. `dryRun: true` reports the same counts and changes nothing.",
    body: transferBookInput, response: transferBookOutput,
  },
  {
    method: "post", path: "/batches/{id}/undo", tag: "Book transfers", summary: "Undo a batch of assignments within 24 hours (privileged, csm_manager)",
    description:
      "`id` is an audit entry's `batchId`: a book transfer, a bulk assign, an import's assignments or a single reassignment. Every holder it " +
      "replaced is restored, with stamping and cascade, in one transaction and one new audit batch (`batchId` of the answer), carrying `reason`. " +
      "409 `conflict` when a record it changed was changed again since, or it was undone already; 422 `invalid_transition` when it is older " +
      "than 24 hours, is itself an undo, or edited more than assignments; 422 `ineligible_assignee` when a restored holder may no longer hold the role.",
    body: undoBatchInput, response: undoBatchOutput,
  },
  {
    method: "get", path: "/assignments/pending", tag: "Pending assignments",
    summary: "Assignments waiting for a user with that email (privileged, csm_manager)", response: pendingAssignmentsOutput,
  },
];
