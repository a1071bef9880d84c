import { api, created, readJson, readQuery } from "@/lib/http/api.ts";
import { createAccount } from "@/lib/domain/accounts/create-account.ts";
import { listAccounts } from "@/lib/domain/accounts/queries.ts";
import { createAccountInput, listAccountsQuery } from "@/lib/domain/accounts/schemas.ts";
import { readFieldParams } from "@/lib/domain/account-fields/field-params.ts";

export const GET = api(async ({ actor, request }) =>
  listAccounts(actor, { ...readQuery(request, listAccountsQuery), fieldFilters: readFieldParams(new URL(request.url).searchParams) }),
);

export const POST = api(async (context) => created(await createAccount(context, await readJson(context.request, createAccountInput))));
