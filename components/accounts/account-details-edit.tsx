"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { type EditableAccount, AccountDetailsForm } from "./account-details-form.tsx";
import { DialogButton } from "./dialog.tsx";

/** "Edit details" for profiles that keep account records (or holders whose role allows it), with the outcome announced. */
export function AccountDetailsEdit({ account, picklists, detailsOnly = false }: {
  account: EditableAccount; picklists: { segments: string[]; regions: string[] }; detailsOnly?: boolean;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<string>();
  return (
    <div className="acc-edit">
      <DialogButton label="Edit details" title="Edit account details">
        {(close) => (
          <AccountDetailsForm
            account={account}
            picklists={picklists}
            detailsOnly={detailsOnly}
            onCancel={close}
            onDone={(text) => {
              close();
              setMessage(text);
              router.refresh();
            }}
          />
        )}
      </DialogButton>
      <span role="status" className="acc-edit-status">{message}</span>
    </div>
  );
}
