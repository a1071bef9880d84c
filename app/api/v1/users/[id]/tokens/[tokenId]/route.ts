import { api, pathId } from "@/lib/http/api.ts";
import { revokeToken } from "@/lib/domain/users/revoke-token.ts";

export const DELETE = api(async (context) =>
  revokeToken(context, pathId(context.params.id, "User"), pathId(context.params.tokenId, "Token")),
);
