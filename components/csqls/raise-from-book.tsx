"use client";

import { useId, useState } from "react";
import { RaiseCsqlButton } from "./raise-csql-button.tsx";

/** On My book: pick one of your accounts, then raise a CSQL on it. */
export function RaiseFromBook({ accounts }: { accounts: { id: string; name: string }[] }) {
  const [accountId, setAccountId] = useState(accounts[0]?.id ?? "");
  const selectId = useId();
  const chosen = accounts.find((account) => account.id === accountId);
  if (accounts.length === 0) return null;
  return (
    <div className="row" style={{ alignItems: "end", flexWrap: "wrap" }}>
      <label className="field" htmlFor={selectId}>Account
        <select id={selectId} value={accountId} onChange={(event) => setAccountId(event.target.value)}>
          {accounts.map((account) => <option key={account.id} value={account.id}>{account.name}</option>)}
        </select>
      </label>
      {chosen ? <RaiseCsqlButton key={chosen.id} accountId={chosen.id} accountName={chosen.name} className="btn primary" /> : null}
    </div>
  );
}
