import "server-only";
import { z } from "zod";
import { changePageOutput, listChangesQuery } from "@/lib/domain/changes/schemas.ts";
import {
  createWebhookInput, deliveryPageOutput, listDeliveriesQuery, secretOutput, updateWebhookInput, webhookListOutput, webhookOutput,
  webhookWithSecretOutput,
} from "@/lib/domain/webhooks/schemas.ts";
import type { Operation } from "./types.ts";

export const webhookOperations: Operation[] = [
  {
    method: "get", path: "/changes", tag: "Changes feed", summary: "Every committed change, oldest first (privileged)",
    description:
      "Each audit entry appears exactly once, in commit order per entity, and a cursor never skips a change whose transaction " +
      "committed after a later-numbered one. Omit `after` to start at the beginning; `after=now` answers no items and the cursor " +
      "of the current end. Pass `nextCursor` back as `after` to poll.",
    query: listChangesQuery, response: changePageOutput,
  },
  {
    method: "post", path: "/webhooks", tag: "Webhooks", summary: "Register an endpoint (admin); the secret is shown once",
    description:
      "`eventTypes` takes change types or `<entity>.*`; empty means every type. Deliveries are POSTed with the Standard Webhooks " +
      "headers, at least once, in order per account, retried with backoff for 24 hours; 410 Gone disables the endpoint. Private " +
      "and loopback addresses are refused unless ROSTER_WEBHOOKS_ALLOW_PRIVATE=1.",
    body: createWebhookInput, response: webhookWithSecretOutput, status: 201,
  },
  { method: "get", path: "/webhooks", tag: "Webhooks", summary: "List endpoints (admin)", response: webhookListOutput },
  { method: "get", path: "/webhooks/{id}", tag: "Webhooks", summary: "Get an endpoint (admin)", response: webhookOutput },
  {
    method: "patch", path: "/webhooks/{id}", tag: "Webhooks", summary: "Change, enable or disable an endpoint (admin)",
    description: "Enabling an endpoint again sends what it missed while disabled, in order.",
    body: updateWebhookInput, response: webhookOutput,
  },
  { method: "delete", path: "/webhooks/{id}", tag: "Webhooks", summary: "Delete an endpoint and its delivery log (admin)", response: z.object({ deleted: z.literal(true) }) },
  {
    method: "post", path: "/webhooks/{id}/rotate-secret", tag: "Webhooks", summary: "Rotate the signing secret (admin); shown once",
    description: "The previous secret keeps signing for 24 hours: `webhook-signature` then carries two signatures.",
    response: secretOutput,
  },
  {
    method: "get", path: "/webhooks/{id}/deliveries", tag: "Webhooks", summary: "An endpoint's delivery log, newest first (admin)",
    query: listDeliveriesQuery, response: deliveryPageOutput,
  },
  {
    method: "post", path: "/webhooks/{id}/deliveries/{deliveryId}/retry", tag: "Webhooks", summary: "Send a delivery again now (admin)",
    response: z.object({ id: z.string(), status: z.literal("pending") }),
  },
  {
    method: "post", path: "/webhooks/deliver", tag: "Webhooks", summary: "Fan out and send what is due now (admin)",
    description: "For instances that run no worker (ROSTER_WORKER=off): sends for at most 10 s; `more` says there is more to send.",
    response: z.object({ delivered: z.number().int(), more: z.boolean() }),
  },
  {
    method: "post", path: "/webhooks/{id}/test", tag: "Webhooks", summary: "Send a signed `webhook.test` event (admin)",
    response: z.object({ id: z.string() }), status: 201,
  },
];
