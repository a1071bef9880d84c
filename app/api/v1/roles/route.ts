import { api, created, readJson } from "@/lib/http/api.ts";
import { createRole } from "@/lib/domain/roles/create-role.ts";
import { listRoles } from "@/lib/domain/roles/queries.ts";
import { createRoleInput } from "@/lib/domain/roles/schemas.ts";

export const GET = api(async ({ actor }) => ({ items: await listRoles(actor) }));

export const POST = api(async (context) => created(await createRole(context, await readJson(context.request, createRoleInput))));
