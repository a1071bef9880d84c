import { api, pathId, readJson } from "@/lib/http/api.ts";
import { setAccountFieldsInput } from "@/lib/domain/account-fields/schemas.ts";
import { setAccountFields } from "@/lib/domain/account-fields/set-account-fields.ts";

/** Field values only; any profile, each field deciding who may write it (crm-owned, editableBy). */
export const PATCH = api(async (context) =>
  setAccountFields(context, pathId(context.params.id, "Account"), await readJson(context.request, setAccountFieldsInput)),
);
