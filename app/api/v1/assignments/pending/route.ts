import { api } from "@/lib/http/api.ts";
import { listPendingAssignments } from "@/lib/domain/assignments/list-pending.ts";

export const GET = api(async ({ actor }) => listPendingAssignments(actor));
