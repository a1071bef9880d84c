"use client";

import type { FormEvent } from "react";
import { useMutation } from "@/components/opportunities/use-mutation.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import { deleteCsqlRouteAction, setCsqlRouteAction } from "@/lib/actions/csqls.ts";

export function CsqlRouteForm({ owners }: { owners: { id: string; name: string; email: string }[] }) {
  const { pending, message, fields, run } = useMutation();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    run(() => setCsqlRouteAction({ segment: text("segment") || null, region: text("region") || null, ownerId: text("ownerId") }),
      (route) => `Saved: ${route.segment ?? "any segment"} / ${route.region ?? "any region"} → ${route.owner.name}.`);
  }
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      <div className="form-grid">
        <Field id="route-segment" label="Segment" hint="Empty: any segment" error={fields.segment}>
          <input id="route-segment" name="segment" maxLength={100} {...invalidProps("route-segment", fields.segment)} />
        </Field>
        <Field id="route-region" label="Region" hint="Empty: any region" error={fields.region}>
          <input id="route-region" name="region" maxLength={100} {...invalidProps("route-region", fields.region)} />
        </Field>
        <Field id="route-owner" label="Owner" error={fields.ownerId}>
          <select id="route-owner" name="ownerId" required defaultValue="" {...invalidProps("route-owner", fields.ownerId)}>
            <option value="" disabled>Choose a seller…</option>
            {owners.map((owner) => <option key={owner.id} value={owner.id}>{owner.name} ({owner.email})</option>)}
          </select>
        </Field>
      </div>
      <div className="row"><button className="btn primary" type="submit" disabled={pending}>{pending ? "Saving…" : "Save rule"}</button></div>
    </form>
  );
}

export function DeleteRouteButton({ id, label }: { id: string; label: string }) {
  const { pending, message, run } = useMutation();
  return (
    <span className="row" style={{ gap: 8 }}>
      <button className="btn" type="button" disabled={pending} aria-label={`Delete the rule for ${label}`}
        onClick={() => run(() => deleteCsqlRouteAction({ id }), "Deleted.")}>Delete</button>
      {message?.kind === "error" ? <span role="alert" className="error">{message.text}</span> : null}
    </span>
  );
}
