import "server-only";
import { z } from "zod";
import { createRoleInput, roleOutput } from "@/lib/domain/roles/schemas.ts";
import {
  createUserInput, issueTokenInput, listUsersQuery, tokenListOutput, tokenOutput, updateUserInput, userOutput,
} from "@/lib/domain/users/schemas.ts";

import type { Operation } from "./types.ts";
import { accountOperations } from "./accounts.ts";
import { csqlOperations } from "./csqls.ts";
import { deskOperations } from "./desk.ts";
import { notificationOperations } from "./notifications.ts";
import { accountFieldOperations } from "./account-fields.ts";
import { importOperations } from "./imports.ts";
import { opportunityOperations } from "./opportunities.ts";
import { reportingOperations } from "./reporting.ts";
import { webhookOperations } from "./webhooks.ts";
import { salesforceOperations } from "./salesforce.ts";

export type { Operation };

const items = (schema: z.ZodType) => z.object({ items: z.array(schema) });

/** Every endpoint of the contract; areas add theirs to this list. */
export const OPERATIONS: Operation[] = [
  { method: "get", path: "/users", tag: "Users", summary: "List users", query: listUsersQuery, response: items(userOutput) },
  { method: "post", path: "/users", tag: "Users", summary: "Create a user (admin)", body: createUserInput, response: userOutput, status: 201 },
  { method: "get", path: "/users/{id}", tag: "Users", summary: "Get a user", response: userOutput },
  { method: "patch", path: "/users/{id}", tag: "Users", summary: "Update a user (admin); takes effect on their next request", body: updateUserInput, response: userOutput },
  {
    method: "post", path: "/users/{id}/tokens", tag: "Users", summary: "Issue an API token (admin); shown once",
    description: "`expiresInDays` makes it expire; the listed `prefix` is a public tag, never part of the secret.",
    body: issueTokenInput, response: z.object({ token: z.string(), id: z.string(), prefix: z.string(), createdAt: z.string(), expiresAt: z.string().nullable() }), status: 201,
  },
  {
    method: "get", path: "/users/{id}/tokens", tag: "Users", summary: "List a user's API tokens (admin, or the user)",
    description: "With last use, expiry and revocation; never the secret.", response: tokenListOutput,
  },
  { method: "delete", path: "/users/{id}/tokens/{tokenId}", tag: "Users", summary: "Revoke a token at once (admin, or the user)", response: tokenOutput },
  { method: "get", path: "/roles", tag: "Account roles", summary: "List account roles", response: items(roleOutput) },
  { method: "post", path: "/roles", tag: "Account roles", summary: "Create a custom role (admin); custom roles stamp nothing", body: createRoleInput, response: roleOutput, status: 201 },
  ...accountOperations,
  ...accountFieldOperations,
  ...opportunityOperations,
  ...reportingOperations,
  ...importOperations,
  ...csqlOperations,
  ...notificationOperations,
  ...webhookOperations,
  ...deskOperations,
  ...salesforceOperations,
];
