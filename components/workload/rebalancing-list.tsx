import Link from "next/link";
import type { Rebalancing } from "@/lib/domain/workload/schemas.ts";
import { ApplySuggestion } from "./apply-suggestion.tsx";
import { formatCount, formatMoney } from "./format.ts";

const slice = (segment: string | null, region: string | null) =>
  [segment ?? "no segment", region ?? "no region"].join(" · ");

/**
 * The book-transfer preview of one slice, filled in. A transfer can narrow to a segment and a
 * region but not to accounts without one, so a slice missing either has no such link: leaving the
 * filter out would preview the rep's whole book instead.
 */
function transferHref(role: "csm" | "sa", fromUserId: string, toUserId: string, segment: string | null, region: string | null) {
  if (segment === null || region === null) return null;
  return `/transfers?${new URLSearchParams({ roleKey: role, fromUserId, toUserId, segment, region })}`;
}

type Suggestion = Rebalancing["suggestions"][number];

function Move({ suggestion, role, canTransfer }: { suggestion: Suggestion; role: "csm" | "sa"; canTransfer: boolean }) {
  const { from, to, segment, region, accounts, wholeSlice } = suggestion;
  const moves = accounts.reduce((sum, account) => sum + account.moves, 0);
  const single = accounts.length === 1 ? accounts[0] : null;
  const transfer = transferHref(role, from.id, to.id, segment, region);
  return (
    <li className="wl-move">
      <div className="wl-move-head">
        <span>
          Move <strong>{formatCount(moves)} {moves === 1 ? "account" : "accounts"}</strong> from <strong>{from.name}</strong>{" "}
          <span className="muted">({from.load} of {from.capacity})</span> to <strong>{to.name}</strong>{" "}
          <span className="muted">({to.load} of {to.capacity})</span>
        </span>
        <span className="badge">{slice(segment, region)}</span>
        {to.sameManager ? <span className="badge ok">Same team</span> : null}
      </div>
      <ul className="wl-move-accounts">
        {accounts.map((account) => (
          <li key={account.id}>
            <Link href={`/accounts/${account.id}`}>{account.name}</Link>
            <span className="muted">
              {" "}— ARR {formatMoney(account.arr)}, open pipeline {formatMoney(account.openPipeline)}
              {account.moves > 1 ? `, with ${account.moves - 1} inheriting ${account.moves === 2 ? "child" : "children"}` : ""}
            </span>
          </li>
        ))}
      </ul>
      <div className="row">
        {canTransfer && accounts.length <= 200 ? (
          <ApplySuggestion role={role} accountIds={accounts.map((account) => account.id)} from={from} to={to} />
        ) : null}
        {canTransfer && transfer && wholeSlice ? (
          <Link className="btn" href={transfer}>Preview this transfer</Link>
        ) : single ? (
          <Link className="btn" href={`/accounts/${single.id}`}>Open {single.name} to reassign</Link>
        ) : (
          <span className="muted">Reassign each account from its page.</span>
        )}
        {canTransfer && transfer && !wholeSlice ? (
          <Link href={transfer}>Or preview moving all of {from.name}&apos;s {slice(segment, region)} accounts</Link>
        ) : null}
      </div>
    </li>
  );
}

/**
 * Proposed moves, grouped by who gives and who takes in which slice. Nothing here changes data:
 * each link opens the transfer preview (or the account, for a single move), where someone confirms.
 */
export function RebalancingList({ result, role, canTransfer, by, byHref }: {
  result: Rebalancing;
  role: "csm" | "sa";
  /** May open the book-transfer preview (the assignment desk). */
  canTransfer: boolean;
  by: "arr" | "pipeline";
  /** The page's URL with the other ordering. */
  byHref: string;
}) {
  const { suggestions, unresolved, overCapacity } = result;
  const relieved = new Set([...suggestions.map((s) => s.from.id), ...unresolved.map((rep) => rep.id)]).size;
  return (
    <div className="stack">
      <p className="muted wl-prose" style={{ margin: 0 }}>
        Moves {by === "arr" ? "the smallest accounts by ARR" : "the accounts with the least open pipeline"} first (
        <Link href={byHref} scroll={false}>{by === "arr" ? "least open pipeline first instead" : "smallest ARR first instead"}</Link>)
        to active reps with room who already cover the same segment and region, the same manager&apos;s team first. Capacity is judged on
        each rep&apos;s whole book. Nothing changes until someone confirms.
      </p>
      {overCapacity === 0 ? (
        <div className="empty">No one is over capacity. Nothing to rebalance.</div>
      ) : suggestions.length === 0 ? (
        <div className="alert info">
          {overCapacity === 1 ? "One rep is" : `${overCapacity} reps are`} over capacity, but no eligible rep covering the same segment and
          region has room.
        </div>
      ) : (
        <ol className="wl-moves">
          {suggestions.map((suggestion) => (
            <Move key={`${suggestion.from.id}-${suggestion.to.id}-${suggestion.segment}-${suggestion.region}`}
              suggestion={suggestion} role={role} canTransfer={canTransfer} />
          ))}
        </ol>
      )}
      {unresolved.length > 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          Still over after these moves: {unresolved.map((rep) => `${rep.name} (${rep.excess} over)`).join(", ")}. No one eligible in their
          segment and region has room.
        </p>
      ) : null}
      {overCapacity > relieved ? (
        <p className="muted" style={{ margin: 0 }}>
          Showing the {relieved} reps most over capacity of {overCapacity}; choose a team to see the others.
        </p>
      ) : null}
    </div>
  );
}
