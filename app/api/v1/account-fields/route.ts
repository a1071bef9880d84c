import { api, created, readJson } from "@/lib/http/api.ts";
import { createAccountField } from "@/lib/domain/account-fields/create-account-field.ts";
import { listAccountFields } from "@/lib/domain/account-fields/queries.ts";
import { createAccountFieldInput } from "@/lib/domain/account-fields/schemas.ts";

export const GET = api(async ({ actor }) => listAccountFields(actor));

export const POST = api(async (context) => created(await createAccountField(context, await readJson(context.request, createAccountFieldInput))));
