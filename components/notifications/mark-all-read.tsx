"use client";

import { useMutation } from "@/components/opportunities/use-mutation.ts";
import { markReadAction } from "@/lib/actions/notifications.ts";

export function MarkAllRead({ unread }: { unread: number }) {
  const { pending, message, run } = useMutation();
  return (
    <div className="row">
      <button className="btn" type="button" disabled={pending || unread === 0} onClick={() => run(() => markReadAction({ ids: "all" }), "All read.")}>
        Mark all read{unread ? ` (${unread})` : ""}
      </button>
      {message ? <span role="status" className="muted">{message.text}</span> : null}
    </div>
  );
}
