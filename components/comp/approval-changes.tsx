import Link from "next/link";
import type { CompDiffItem } from "@/lib/domain/comp/schemas.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { FLAG_LABELS, formatMoney } from "./format.ts";

const when = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
const EDIT_FIELDS: Record<string, string> = {
  csm: "CSM", primary_sa: "Primary SA", supporting_sa: "Supporting SAs", amount: "Amount", stage: "Stage", merged_into: "Merge",
};
const who = (user: UserView | null) => user?.name ?? "nobody";
const people = (users: UserView[]) => (users.length ? users.map((user) => user.name).join(", ") : "none");

function describe(changes: CompDiffItem["changes"]): string[] {
  if (changes.excluded) return ["No longer counts: not closed won in the period any more, or merged."];
  if (changes.added) return ["Closed won in the period after the approval: not in the snapshot."];
  const lines: string[] = [];
  if (changes.csm) lines.push(`CSM: ${who(changes.csm.from)} → ${who(changes.csm.to)}`);
  if (changes.primarySa) lines.push(`Primary SA: ${who(changes.primarySa.from)} → ${who(changes.primarySa.to)}`);
  if (changes.amount) lines.push(`Amount: ${formatMoney(changes.amount.from)} → ${formatMoney(changes.amount.to)}`);
  if (changes.supportingSas) lines.push(`Supporting SAs: ${people(changes.supportingSas.from)} → ${people(changes.supportingSas.to)}`);
  if (changes.flags) {
    const names = (flags: string[]) => (flags.length ? flags.map((flag) => FLAG_LABELS[flag as keyof typeof FLAG_LABELS] ?? flag).join(", ") : "none");
    lines.push(`Flags: ${names(changes.flags.from)} → ${names(changes.flags.to)}`);
  }
  return lines;
}

/** What differs between an approval's frozen rows and the period now, opportunity by opportunity. */
export function ApprovalChanges({ items }: { items: CompDiffItem[] }) {
  if (items.length === 0) return <p className="muted" style={{ margin: 0 }}>Nothing has changed since this approval.</p>;
  return (
    <ul className="comp-changes" aria-label="Changed since approval">
      {items.map((item) => (
        <li key={item.opportunityId}>
          <Link href={`/opportunities/${item.opportunity.id}`}>{item.opportunity.name}</Link>{" "}
          <span className="comp-sub">{item.opportunity.accountName}</span>
          <ul>{describe(item.changes).map((line) => <li key={line}>{line}</li>)}</ul>
          {item.edits.length ? (
            <ul className="comp-edits" aria-label={`Who changed ${item.opportunity.name}`}>
              {item.edits.map((edit) => (
                <li key={`${edit.at}-${edit.field}`} className="comp-sub">
                  {EDIT_FIELDS[edit.field] ?? edit.field} changed by {edit.by ?? "Roster (automatic)"}{" "}
                  <time dateTime={edit.at} suppressHydrationWarning>{when.format(new Date(edit.at))}</time>
                  {edit.reason ? <> — “{edit.reason}”</> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
