import { api, readJson, readQuery } from "@/lib/http/api.ts";
import { deleteAccountField } from "@/lib/domain/account-fields/delete-account-field.ts";
import { deleteAccountFieldInput, updateAccountFieldInput } from "@/lib/domain/account-fields/schemas.ts";
import { updateAccountField } from "@/lib/domain/account-fields/update-account-field.ts";

export const PATCH = api(async (context) =>
  updateAccountField(context, context.params.key ?? "", await readJson(context.request, updateAccountFieldInput)),
);

/** `DELETE /account-fields/{key}?confirm=true`: without confirm, a field in use answers 409. */
export const DELETE = api(async (context) =>
  deleteAccountField(context, context.params.key ?? "", { confirm: readQuery(context.request, deleteAccountFieldInput).confirm === true }),
);
