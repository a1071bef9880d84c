import { api, created, pathId, readJson } from "@/lib/http/api.ts";
import { issueToken } from "@/lib/domain/users/issue-token.ts";
import { listTokens } from "@/lib/domain/users/list-tokens.ts";
import { issueTokenInput } from "@/lib/domain/users/schemas.ts";

export const GET = api(async ({ actor, params }) => listTokens(actor, pathId(params.id, "User")));

export const POST = api(async (context) => {
  const input = await readJson(context.request, issueTokenInput);
  return created(await issueToken(context, pathId(context.params.id, "User"), input));
});
