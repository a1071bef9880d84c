import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { isPrivileged } from "@/lib/auth/permissions.ts";
import { requireActor } from "@/lib/auth/session.ts";
import { isUuid } from "@/lib/domain/accounts/queries.ts";
import { getCsql } from "@/lib/domain/csqls/queries.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { CsqlActions } from "@/components/csqls/csql-actions.tsx";
import { formatAmount, formatDay, kindLabel, STATUS_BADGE, statusLabel } from "@/components/csqls/format.ts";
import { History } from "@/components/history/history.tsx";

type Props = { params: Promise<{ id: string }> };

const load = cache(async (id: string) => {
  const actor = await requireActor();
  if (!isUuid(id)) notFound();
  const csql = await getCsql(actor, id).catch((error) => {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  });
  return { actor, csql };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await load((await params).id)).csql.title };
}

export default async function CsqlPage({ params }: Props) {
  const { actor, csql } = await load((await params).id);
  const mayWork = csql.owner?.id === actor.id || isPrivileged(actor.profile);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="acc-crumbs"><Link href="/csqls">CSQLs</Link> / <Link href={`/accounts/${csql.accountId}`}>{csql.accountName}</Link></p>
          <h1>{csql.title} <span className={`badge ${STATUS_BADGE[csql.status]}`}>{statusLabel(csql.status)}</span></h1>
          <p className="muted" style={{ margin: 0 }}>{kindLabel(csql.kind)} · raised by {csql.createdBy.name} on {formatDay(csql.createdAt)}</p>
        </div>
      </div>
      <section className="panel" aria-labelledby="csql-details">
        <h2 id="csql-details">Details</h2>
        <dl className="acc-details">
          <dt>Account</dt><dd><Link href={`/accounts/${csql.accountId}`}>{csql.accountName}</Link></dd>
          <dt>Estimated amount</dt><dd>{formatAmount(csql.estimatedAmount)}</dd>
          <dt>Owner</dt><dd>{csql.owner ? csql.owner.name : <span className="muted">Sales ops queue</span>}</dd>
          <dt>Contact</dt><dd>{[csql.contactName, csql.contactEmail].filter(Boolean).join(" · ") || <span className="muted">None</span>}</dd>
          <dt>Notes</dt><dd style={{ whiteSpace: "pre-wrap" }}>{csql.description ?? <span className="muted">None</span>}</dd>
          {csql.opportunityId ? <><dt>Opportunity</dt><dd><Link href={`/opportunities/${csql.opportunityId}`}>Open the opportunity</Link></dd></> : null}
          {csql.rejectReason ? <><dt>Rejected because</dt><dd>{csql.rejectReason}</dd></> : null}
        </dl>
        {/* Kept while decided too: the outcome of the last action is announced there. */}
        {mayWork ? <CsqlActions csql={csql} /> : null}
      </section>
      <History entityType="csql" entityId={csql.id} />
    </div>
  );
}
