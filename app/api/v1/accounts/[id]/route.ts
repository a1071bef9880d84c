import { api, pathId, readJson } from "@/lib/http/api.ts";
import { getAccount } from "@/lib/domain/accounts/queries.ts";
import { updateAccountInput } from "@/lib/domain/accounts/schemas.ts";
import { updateAccount } from "@/lib/domain/accounts/update-account.ts";

export const GET = api(async ({ actor, params }) => getAccount(actor, pathId(params.id, "Account")));

export const PATCH = api(async (context) =>
  updateAccount(context, pathId(context.params.id, "Account"), await readJson(context.request, updateAccountInput)),
);
