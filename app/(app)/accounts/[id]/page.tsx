import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { can, canAssignOnAccount, canOnAccount, canSetCsmInheritance } from "@/lib/auth/permissions.ts";
import { rightsOn } from "@/lib/domain/roles/holder-rights.ts";
import { requireActor } from "@/lib/auth/session.ts";
import { getAccount, isUuid } from "@/lib/domain/accounts/queries.ts";
import { accountRelations } from "@/lib/domain/accounts/related.ts";
import { accountFacets } from "@/lib/domain/accounts/facets.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { listOpportunitiesForTable } from "@/lib/domain/opportunities/table-query.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { AccountDetailsEdit } from "@/components/accounts/account-details-edit.tsx";
import { OpportunityList } from "@/components/accounts/account-opportunities.tsx";
import { formatArr, plural } from "@/components/accounts/format.ts";
import { type TeamControls, TeamPanel } from "@/components/accounts/team-panel.tsx";
import { FollowParentSwitch } from "@/components/accounts/follow-parent-switch.tsx";
import { History } from "@/components/history/history.tsx";
import { RaiseCsqlButton } from "@/components/csqls/raise-csql-button.tsx";
import { mayRaiseOn } from "@/lib/domain/csqls/work-rules.ts";
import { AccountFieldsPanel } from "@/components/account-fields/account-fields-panel.tsx";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import { mayWriteField } from "@/lib/domain/account-fields/write-field-values.ts";

type Props = { params: Promise<{ id: string }> };

// Once per request: the title and the page read the same account.
const load = cache(async (id: string) => {
  const actor = await requireActor();
  if (!isUuid(id)) notFound();
  const account = await getAccount(actor, id).catch((error) => {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  });
  return { actor, account };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { account } = await load((await params).id);
  return { title: account.name };
}

export default async function AccountPage({ params }: Props) {
  const { actor, account } = await load((await params).id);
  const [roles, relations, open, closed, fields, picklists] = await Promise.all([
    allRoles(),
    accountRelations(actor, account.id, account.parentId),
    listOpportunitiesForTable(actor, { accountId: account.id, open: true, sort: "closeDate", dir: "asc", limit: 25 }),
    listOpportunitiesForTable(actor, { accountId: account.id, open: false, sort: "closeDate", dir: "desc", limit: 10 }),
    fieldDefinitions(),
    accountFacets(actor),
  ]);
  const rights = await rightsOn(actor.id, account.id);
  const assignable = can(actor.profile, "team.assign") ? undefined : roles.map((role) => role.key).filter((key) => canAssignOnAccount(actor, key, rights));
  const controls: TeamControls = !assignable || assignable.length > 0 ? "assign" : can(actor.profile, "team.assignSelfAsSa") ? "self-sa" : "none";
  const team = Object.fromEntries(
    Object.entries(account.team).map(([key, user]) => [key, user ? { id: user.id, name: user.name, email: user.email, active: user.active } : null]),
  );
  const rows = [...open.items, ...closed.items];

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="acc-crumbs"><Link href="/accounts">Accounts</Link>{relations.parent ? <> / <Link href={`/accounts/${relations.parent.id}`}>{relations.parent.name}</Link></> : null}</p>
          <h1>{account.name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {[account.segment, account.region].filter(Boolean).join(" · ") || "No segment or region"}
            {account.csmInheritance === "parent" ? " · CSM follows the parent account" : ""}
          </p>
        </div>
        <div className="row">
        {mayRaiseOn(actor, Object.values(account.team).map((user) => user?.id), rights) ? (
          <RaiseCsqlButton accountId={account.id} accountName={account.name} />
        ) : null}
        {canOnAccount(actor, "accounts.write", rights) ? (
          <AccountDetailsEdit
            detailsOnly={!can(actor.profile, "accounts.write")}
            picklists={picklists}
            account={{
              id: account.id, name: account.name, externalId: account.externalId, segment: account.segment, region: account.region,
              arr: account.arr, csmInheritance: account.csmInheritance, version: account.version, parent: relations.parent,
            }}
          />
        ) : null}
        </div>
      </div>

      <div className="acc-grid">
        <TeamPanel
          accountId={account.id}
          roles={roles.map(({ key, label, stamping }) => ({ key, label, stamping }))}
          team={team}
          pending={account.pending}
          controls={controls}
          assignable={assignable}
          actorId={actor.id}
        />
        <section className="panel" aria-labelledby="details-title">
          <h2 id="details-title">Details</h2>
          <dl className="acc-details">
            <dt>Segment</dt><dd>{account.segment ?? <span className="muted">None</span>}</dd>
            <dt>Region</dt><dd>{account.region ?? <span className="muted">None</span>}</dd>
            <dt>ARR</dt><dd className="acc-num">{formatArr(account.arr, true)}</dd>
            <dt>CRM id</dt><dd>{account.externalId ? <code>{account.externalId}</code> : <span className="muted">None</span>}</dd>
            <dt>CSM</dt>
            <dd>
              {relations.parent && canSetCsmInheritance(actor, rights) ? (
                <FollowParentSwitch accountId={account.id} parentName={relations.parent.name} follows={account.csmInheritance === "parent"} version={account.version} />
              ) : account.csmInheritance === "parent" ? "Follows the parent's CSM" : "Its own"}
            </dd>
            <dt>Parent</dt>
            <dd>{relations.parent ? <Link href={`/accounts/${relations.parent.id}`}>{relations.parent.name}</Link> : <span className="muted">Top-level account</span>}</dd>
            <dt>Children</dt>
            <dd>
              {relations.childCount === 0 ? <span className="muted">None</span> : (
                <ul className="acc-children">
                  {relations.children.map((child) => <li key={child.id}><Link href={`/accounts/${child.id}`}>{child.name}</Link></li>)}
                  {relations.childCount > relations.children.length ? (
                    <li className="muted">and {plural(relations.childCount - relations.children.length, "more child account", "more child accounts")}</li>
                  ) : null}
                </ul>
              )}
            </dd>
          </dl>
        </section>
      </div>

      <AccountFieldsPanel
        accountId={account.id}
        version={account.version}
        fields={fields.map((field) => ({ ...field, editable: mayWriteField(actor, field) }))}
        values={account.fields}
      />

      <section className="panel" aria-labelledby="opps-title">
        <div className="acc-panel-head">
          <h2 id="opps-title">Opportunities</h2>
          <Link href={`/opportunities?accountId=${account.id}`}>All opportunities of this account</Link>
        </div>
        <p className="muted acc-panel-note">
          {open.nextCursor ? "The next 25 open by close date" : `${plural(open.items.length, "open opportunity", "open opportunities")}`}
          {closed.items.length ? `, and the ${closed.items.length} most recently closed (locked)` : ""}. Open ones carry the account&apos;s CSM unless overridden.
        </p>
        <OpportunityList rows={rows} caption={`Opportunities of ${account.name}`} empty="No opportunities on this account yet." />
      </section>

      <History entityType="account" entityId={account.id} />
    </div>
  );
}
