// Shared by the notification screens (client) and the domain: nothing here may import server code.

export const NOTIFICATION_TYPES = [
  "role_assigned", "role_removed", "csm_overridden", "csql_assigned", "csql_status", "import_finished", "over_capacity",
  "webhook_disabled", "salesforce_failing",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const NOTIFICATION_LABELS: Record<NotificationType, string> = {
  role_assigned: "You were given a role on an account",
  role_removed: "You were removed from a role on an account",
  csm_overridden: "Your open opportunity's CSM was overridden",
  csql_assigned: "A CSQL was assigned to you",
  csql_status: "A CSQL you raised was accepted, converted or rejected",
  import_finished: "Your import finished or failed",
  over_capacity: "A rep of yours went over capacity",
  webhook_disabled: "A webhook endpoint was switched off (admins)",
  salesforce_failing: "The Salesforce sync keeps failing (admins)",
};
