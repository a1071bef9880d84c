import { forbidden } from "next/navigation";
import type { ReactNode } from "react";
import { requireActor } from "@/lib/auth/session.ts";
import { importKindsFor } from "@/lib/domain/imports/access.ts";

/**
 * Who may open /imports at all is decided here, outside the page's loading boundary: a page that
 * has started streaming its skeleton can no longer answer 403, a layout still can. (Unresolved
 * assignments, /imports/pending, has its own rule, so this sits in a route group beside it.)
 */
export default async function ImportsLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  if (importKindsFor(actor).length === 0) forbidden();
  return children;
}
