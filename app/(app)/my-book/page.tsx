import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session.ts";
import { listBook } from "@/lib/domain/accounts/book.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { listOpportunitiesForTable } from "@/lib/domain/opportunities/table-query.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { EmptyState } from "@/components/data-table/empty-state.tsx";
import { parseTableParams, type SearchParamsInput } from "@/components/data-table/url-state.ts";
import { OpportunityList } from "@/components/accounts/account-opportunities.tsx";
import { AccountsTable } from "@/components/accounts/accounts-table.tsx";
import { plural } from "@/components/accounts/format.ts";
import { RaiseFromBook } from "@/components/csqls/raise-from-book.tsx";
import { can } from "@/lib/auth/permissions.ts";

export const metadata: Metadata = { title: "My book" };

const SORTABLE = ["name"] as const;
const OPEN_LIMIT = 50;

export default async function MyBookPage({ searchParams }: { searchParams: Promise<SearchParamsInput> }) {
  const actor = await requireActor();
  const table = parseTableParams(await searchParams, { sortable: SORTABLE });
  const dir = table.sort?.desc ? "desc" : "asc";
  const [book, roles, asCsm, asSa] = await Promise.all([
    listBook(actor, { userId: actor.id, dir, cursor: table.cursor ?? undefined, limit: table.limit }).catch((error) => {
      if (error instanceof DomainError && error.code === "invalid_request") return null;
      throw error;
    }),
    allRoles(),
    listOpportunitiesForTable(actor, { csmId: actor.id, open: true, sort: "closeDate", dir: "asc", limit: OPEN_LIMIT }),
    actor.profile === "sa"
      ? listOpportunitiesForTable(actor, { primarySaId: actor.id, open: true, sort: "closeDate", dir: "asc", limit: OPEN_LIMIT })
      : null,
  ]);
  const openSections = [
    { key: "csm", title: "Open opportunities where you are the CSM", page: asCsm, href: `/opportunities?csmId=${actor.id}&open=true` },
    ...(asSa ? [{ key: "sa", title: "Open opportunities where you are the primary SA", page: asSa, href: `/opportunities?primarySaId=${actor.id}&open=true` }] : []),
  ];

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>My book</h1>
          <p className="muted" style={{ margin: 0 }}>
            The accounts where you hold a role{book ? ` (${plural(book.total, "account")})` : ""}, and the open opportunities that name you.
          </p>
        </div>
      </div>

      <section aria-labelledby="book-accounts" className="stack">
        <h2 id="book-accounts" style={{ margin: 0 }}>Your accounts</h2>
        {book === null ? (
          <div className="alert error" role="alert">This page link no longer works. <Link href="/my-book">Start from the first page</Link>.</div>
        ) : (
          <AccountsTable
            rows={book.items}
            nextCursor={book.nextCursor}
            total={book.total}
            roles={roles.map(({ key, label, stamping }) => ({ key, label, stamping }))}
            canAssign={false}
            withMyRoles
            sortable={SORTABLE}
            caption="Your accounts"
            emptyState={<EmptyState title="No accounts in your book yet">When someone assigns you a role on an account, it shows up here.</EmptyState>}
          />
        )}
      </section>

      {book && book.items.length > 0 && can(actor.profile, "csqls.raise") ? (
        <section className="panel" aria-labelledby="book-csql">
          <h2 id="book-csql">Spotted an opportunity?</h2>
          <p className="muted acc-panel-note">Raise a CSQL on one of your accounts: it goes to the account&apos;s seller.</p>
          <RaiseFromBook accounts={book.items.map(({ id, name }) => ({ id, name }))} />
        </section>
      ) : null}

      {openSections.map((section) => (
        <section key={section.key} className="panel" aria-labelledby={`book-open-${section.key}`}>
          <div className="acc-panel-head">
            <h2 id={`book-open-${section.key}`}>{section.title}</h2>
            {section.page.items.length ? <Link href={section.href}>See all in Opportunities</Link> : null}
          </div>
          <p className="muted acc-panel-note">
            {section.page.nextCursor ? `The next ${OPEN_LIMIT} by close date.` : `${plural(section.page.items.length, "open opportunity", "open opportunities")}, by close date.`}
          </p>
          <OpportunityList rows={section.page.items} caption={section.title} showAccount empty="None right now." />
        </section>
      ))}
    </div>
  );
}
