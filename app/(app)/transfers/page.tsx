import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { accountFacets } from "@/lib/domain/accounts/facets.ts";
import { type RoleHolder, roleHolders } from "@/lib/domain/accounts/role-holders.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { eligibleUser } from "@/lib/domain/users/eligible-users.ts";
import { roleName } from "@/components/accounts/format.ts";
import { type TransferPrefill, TransferForm } from "@/components/accounts/transfer-form.tsx";
import { parseTransferParams, type TransferLinkKey } from "./params.ts";

export const metadata: Metadata = { title: "Transfer a book" };

const NAMES: Record<TransferLinkKey, string> = {
  roleKey: "the role", fromUserId: "whose book", toUserId: "who takes it", segment: "the segment", region: "the region",
};

type Role = Awaited<ReturnType<typeof allRoles>>[number];

/**
 * A link's choices checked against what the form offers now: the person moving the book must
 * still hold the role, the one taking it must be someone the picker would list. What does not
 * hold is left out and said; the preview runs by itself only when the whole link holds, so a
 * half-understood link never shows counts for a different transfer than the one it meant.
 */
async function prefill(actor: Actor, raw: Record<string, string | string[] | undefined>, roles: Role[], holders: Record<string, RoleHolder[]>) {
  const link = parseTransferParams(raw);
  const given = Object.keys(link).some((key) => key !== "ignored") || link.ignored.length > 0;
  if (!given) return null;
  const problems: string[] = [];
  if (link.ignored.length) problems.push(`Left out what the link got wrong: ${link.ignored.map((key) => NAMES[key]).join(", ")}.`);
  const role = link.roleKey ? roles.find((candidate) => candidate.key === link.roleKey) : roles[0];
  const result: TransferPrefill = { problems, autoPreview: false, segment: link.segment ?? "", region: link.region ?? "" };
  if (!role) {
    problems.push(`There is no role "${link.roleKey}"; choose the role and the people below.`);
    return result;
  }
  result.roleKey = role.key;
  const from = link.fromUserId ? holders[role.key]?.find((holder) => holder.id === link.fromUserId) : undefined;
  if (link.fromUserId && !from) problems.push(`The person to move from holds no ${roleName(role)} accounts now; the book may have moved already.`);
  if (from) result.fromUserId = from.id;
  if (link.toUserId && link.toUserId === link.fromUserId) {
    problems.push("The link names the same person on both sides; pick who takes the book over.");
  } else if (link.toUserId) {
    const to = await eligibleUser(actor, role.key, link.toUserId);
    if (to) result.to = { ...to, label: to.name };
    else problems.push(`The person to move to cannot hold the ${roleName(role)} role now (inactive, or not a profile it accepts); pick someone else.`);
  }
  result.autoPreview = problems.length === 0 && Boolean(result.fromUserId && result.to);
  return result;
}

export default async function TransfersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("transfers.run");
  const [roles, facets] = await Promise.all([allRoles(), accountFacets(actor)]);
  const holders = Object.fromEntries(await Promise.all(roles.map(async (role) => [role.key, await roleHolders(actor, role.key)] as const)));
  const initial = await prefill(actor, await searchParams, roles, holders);
  // A slice the link names stays selectable even with no account in it now: the preview then says
  // nothing moves, rather than the menu falling back to every segment.
  const withLinked = (values: string[], linked: string | undefined) => (linked && !values.includes(linked) ? [linked, ...values] : values);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="acc-crumbs"><Link href="/accounts">Accounts</Link></p>
          <h1>Transfer a book</h1>
          <p className="muted" style={{ margin: 0 }}>
            Move every account where one person holds a role to someone else — optionally only one segment or region — in one
            audited change. A CSM transfer also stamps the accounts&apos; open opportunities.
          </p>
        </div>
      </div>
      <section className="panel acc-transfer" aria-labelledby="transfer-title">
        <h2 id="transfer-title" className="sr-only">Transfer</h2>
        <TransferForm
          roles={roles.map(({ key, label, stamping }) => ({ key, label, stamping }))}
          holders={holders}
          segments={withLinked(facets.segments, initial?.segment)}
          regions={withLinked(facets.regions, initial?.region)}
          initial={initial}
        />
      </section>
    </div>
  );
}
