import { api, pathId, readJson } from "@/lib/http/api.ts";
import { getUser } from "@/lib/domain/users/queries.ts";
import { updateUserInput } from "@/lib/domain/users/schemas.ts";
import { updateUser } from "@/lib/domain/users/update-user.ts";

export const GET = api(async ({ actor, params }) => getUser(actor, pathId(params.id, "User")));

export const PATCH = api(async (context) =>
  updateUser(context, pathId(context.params.id, "User"), await readJson(context.request, updateUserInput)),
);
