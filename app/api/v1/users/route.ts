import { api, created, readJson, readQuery } from "@/lib/http/api.ts";
import { createUser } from "@/lib/domain/users/create-user.ts";
import { listUsers } from "@/lib/domain/users/queries.ts";
import { createUserInput, listUsersQuery } from "@/lib/domain/users/schemas.ts";

export const GET = api(async ({ actor, request }) => ({
  items: await listUsers(actor, readQuery(request, listUsersQuery)),
}));

export const POST = api(async (context) => created(await createUser(context, await readJson(context.request, createUserInput))));
