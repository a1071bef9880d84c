import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize, can, type Permission } from "@/lib/auth/permissions.ts";
import { IMPORT_KINDS, type ImportKind } from "./schemas.ts";

/** Accounts and opportunities are record keepers' work; assignments are open to CSM managers too. */
export const importPermission = (kind: ImportKind): Permission => (kind === "assignments" ? "imports.assignments" : "imports.run");

export function authorizeImport(actor: Actor, kind: ImportKind): void {
  authorize(actor, importPermission(kind));
}

/** The kinds of import this person may run and see. */
export const importKindsFor = (actor: Pick<Actor, "profile">): ImportKind[] =>
  IMPORT_KINDS.filter((kind) => can(actor.profile, importPermission(kind)));
