import { api, created, pathId, readJson } from "@/lib/http/api.ts";
import { issueToken } from "@/lib/domain/users/issue-token.ts";
import { issueTokenInput } from "@/lib/domain/users/schemas.ts";

export const POST = api(async (context) => {
  const input = await readJson(context.request, issueTokenInput);
  return created(await issueToken(context, pathId(context.params.id, "User"), input.name));
});
