import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { ImportWizard } from "@/components/imports/import-wizard.tsx";
import { RecentImports } from "@/components/imports/recent-imports.tsx";
import { can } from "@/lib/auth/permissions.ts";
import { requireActor } from "@/lib/auth/session.ts";
import { importKindsFor } from "@/lib/domain/imports/access.ts";
import { getImport, listImports } from "@/lib/domain/imports/queries.ts";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "@/lib/domain/imports/schemas.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";

export const metadata: Metadata = { title: "Imports" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function openJob(actor: Awaited<ReturnType<typeof requireActor>>, id: string | undefined) {
  if (!id || !UUID.test(id)) return null;
  try {
    return await getImport(actor, id.toLowerCase());
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return null;
    // An import that exists but is of a kind this profile may not run: the 403 page, not "missing".
    // (Rendered inside the streamed page, so the status stays 200; the layout's check answers 403.)
    if (error instanceof DomainError && error.code === "forbidden") forbidden();
    throw error;
  }
}

export default async function ImportsPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const actor = await requireActor();
  const kinds = importKindsFor(actor);
  const { id } = await searchParams;
  const [job, recent] = await Promise.all([openJob(actor, id), listImports(actor, { limit: 20 })]);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Imports</h1>
          <p className="muted" style={{ margin: 0 }}>
            Load accounts, opportunities and team assignments from a CSV file — a CRM export works as it is. A dry run shows what
            would change, row by row; applying is all or nothing, audited as one import, unless you choose to skip the rows that need fixes. Files up to {MAX_IMPORT_BYTES / 1024 / 1024} MB
            and {MAX_IMPORT_ROWS.toLocaleString("en-US")} rows.
          </p>
        </div>
        {can(actor.profile, "pending.read") ? <Link className="btn" href="/imports/pending">Unresolved assignments</Link> : null}
      </div>
      {id && !job ? <div className="alert error" role="alert">That import does not exist.</div> : null}
      <ImportWizard kinds={kinds} initialJob={job} />
      <section className="panel" style={{ padding: 0 }} aria-labelledby="recent-imports">
        <h2 id="recent-imports" className="imp-subhead" style={{ fontSize: 16 }}>Recent imports</h2>
        <RecentImports items={recent.items} openId={job?.id ?? null} />
      </section>
    </div>
  );
}
