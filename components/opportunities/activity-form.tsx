"use client";

import { type FormEvent, useState } from "react";
import { logActivityAction } from "@/lib/actions/opportunities.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import type { PickerUser } from "@/lib/domain/opportunities/eligible-users.ts";
import { ActionMessage } from "./action-message.tsx";
import { ACTIVITY_TYPES } from "./format.ts";
import { useMutation } from "./use-mutation.ts";

/** "YYYY-MM-DDTHH:mm" in the browser's zone, for a datetime-local input. */
function localNow() {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}

/**
 * Logs SA work against this opportunity: an SA for themselves; privileged profiles for any SA.
 * The domain decides who may, and says so next to the form when not.
 */
export function ActivityForm({ opportunityId, accountId, actorId, saUsers }: {
  opportunityId: string;
  accountId: string;
  actorId: string;
  /** Given when the actor logs for others (privileged); otherwise the activity is the actor's. */
  saUsers?: PickerUser[];
}) {
  const mutation = useMutation();
  const [when, setWhen] = useState(localNow);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const at = when ? new Date(when) : null;
    mutation.run(() => logActivityAction({
      userId: saUsers ? text("userId") : actorId,
      accountId,
      opportunityId,
      occurredAt: at && !Number.isNaN(at.getTime()) ? at.toISOString() : "",
      type: text("type"),
      subject: text("subject") || null,
    }), "Activity logged.", () => {
      formElement.reset();
      setWhen(localNow());
    });
  }

  const errors = mutation.fields;
  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-busy={mutation.pending} aria-labelledby="opp-log-title">
      <h3 id="opp-log-title" style={{ margin: "8px 0 0", fontSize: 14 }}>Log activity</h3>
      <div className="form-grid">
        {saUsers ? (
          <Field id="act-user" label="Solutions architect" error={errors.userId}>
            <select id="act-user" name="userId" defaultValue="" {...invalidProps("act-user", errors.userId)}>
              <option value="" disabled>Choose a person</option>
              {saUsers.map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
            </select>
          </Field>
        ) : null}
        <Field id="act-when" label="When" error={errors.occurredAt} hint="Your local time">
          <input id="act-when" type="datetime-local" value={when} onChange={(event) => setWhen(event.currentTarget.value)}
            {...invalidProps("act-when", errors.occurredAt)} />
        </Field>
        <Field id="act-type" label="Type" error={errors.type}>
          <select id="act-type" name="type" defaultValue="meeting" {...invalidProps("act-type", errors.type)}>
            {ACTIVITY_TYPES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </Field>
        <Field id="act-subject" label="Subject" error={errors.subject} hint="Optional">
          <input id="act-subject" name="subject" maxLength={500} {...invalidProps("act-subject", errors.subject)} />
        </Field>
      </div>
      <div className="row">
        <button type="submit" className="btn primary" disabled={mutation.pending}>{mutation.pending ? "Logging…" : "Log activity"}</button>
      </div>
      <ActionMessage message={mutation.message} />
    </form>
  );
}
