import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { authorizeImport } from "./access.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import { mappingTargets, resolveColumns } from "./mapping.ts";
import type { ImportKind, MappingSuggestion } from "./schemas.ts";

/** For the page's mapping step: what each header is recognised as, and every target it could take. */
export async function suggestMapping(actor: Actor, input: { kind: ImportKind; headers: string[] }): Promise<MappingSuggestion> {
  authorizeImport(actor, input.kind);
  const [roles, fields] = await Promise.all([
    allRoles().then((list) => list.map(({ key, label }) => ({ key, label }))),
    fieldDefinitions().then((list) => list.map(({ key, label }) => ({ key, label }))),
  ]);
  const { columns, errors } = resolveColumns(input.kind, input.headers, roles, undefined, fields);
  return { targets: mappingTargets(input.kind, roles, fields), columns, errors };
}
