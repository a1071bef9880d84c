"use client";

import { searchEligibleUsersAction } from "@/lib/actions/accounts.ts";
import type { EligibleUser } from "@/lib/domain/users/eligible-users.ts";
import { Combobox } from "./combobox.tsx";
import { loadLabel } from "./format.ts";

export type PickedUser = EligibleUser & { label: string };

/**
 * Picks someone for a role: only active users the role accepts are listed, each with their load
 * for it ("Chris Sato · 24/30 accounts"), over capacity marked.
 */
export function UserPicker({ id, roleKey, label = "Person", selected, onSelect, error, exclude, autoFocus }: {
  id: string;
  roleKey: string;
  label?: string;
  selected: PickedUser | null;
  onSelect: (user: PickedUser | null) => void;
  error?: string;
  /** Someone not to offer (the current holder). */
  exclude?: string | null;
  autoFocus?: boolean;
}) {
  return (
    <Combobox<PickedUser>
      id={id}
      label={label}
      hint="Only active people who may hold this role are listed, with the accounts they hold in it."
      placeholder="Search by name or email"
      error={error}
      selected={selected}
      onSelect={onSelect}
      autoFocus={autoFocus}
      search={async (q) => {
        const result = await searchEligibleUsersAction({ roleKey, q: q || undefined, limit: 50 });
        if (!result.ok) return result.error.message;
        return result.data.filter((user) => user.id !== exclude).map((user) => ({ ...user, label: user.name }));
      }}
      renderOption={(user) => {
        // Over means more than the capacity; exactly at it is full, not over.
        const over = user.capacity !== null && user.accounts > user.capacity;
        const full = user.capacity !== null && user.accounts === user.capacity;
        return (
          <span className="acc-person">
            <span className="acc-person-name">{user.name}</span>
            <span className={over || full ? "acc-load over" : "acc-load"}>
              {/* Issue 21's words: "over capacity (44/33)", said once, never "at capacity" for someone past it. */}
              {" · "}{over ? `over capacity (${user.accounts}/${user.capacity})` : `${loadLabel(user.accounts, user.capacity)}${full ? " (at capacity)" : ""}`}
            </span>
          </span>
        );
      }}
    />
  );
}
