"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { createWebhookAction } from "@/lib/actions/webhooks.ts";
import { Field, invalidProps } from "@/components/ui/field.tsx";
import { SecretOnce } from "./secret-once.tsx";

const GROUPS: { label: string; all: string; types: string[] }[] = [
  { label: "Accounts", all: "account.*", types: ["account.created", "account.updated", "account.role_changed"] },
  {
    label: "Opportunities", all: "opportunity.*",
    types: ["opportunity.created", "opportunity.updated", "opportunity.csm_stamped", "opportunity.csm_overridden", "opportunity.sa_changed", "opportunity.closed", "opportunity.merged"],
  },
  { label: "Users", all: "user.*", types: ["user.created", "user.updated"] },
];

/** Registers an endpoint; the signing secret is shown once, right here. */
export function WebhookForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [secret, setSecret] = useState<string>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    startTransition(async () => {
      const result = await createWebhookAction({
        url: String(form.get("url") ?? "").trim(),
        description: String(form.get("description") ?? "").trim() || undefined,
        eventTypes: form.getAll("eventTypes").map(String),
      });
      if (result.ok) {
        setErrors({});
        setMessage(undefined);
        setSecret(result.data.secret);
        formElement.reset();
        router.refresh();
      } else {
        setErrors(result.error.fields ?? {});
        setMessage(result.error.message);
      }
    });
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {message ? <div className="alert error" role="alert">{message}</div> : null}
      {secret ? <SecretOnce secret={secret} what="Endpoint added." /> : null}
      <div className="form-grid">
        <Field id="webhook-url" label="URL" error={errors.url} hint="https://… — receives a signed POST per change">
          <input id="webhook-url" name="url" type="url" required {...invalidProps("webhook-url", errors.url)} />
        </Field>
        <Field id="webhook-description" label="Description" error={errors.description}>
          <input id="webhook-description" name="description" />
        </Field>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>Events (none checked: every event)</legend>
        {GROUPS.map((group) => (
          <div key={group.all} className="row" style={{ flexWrap: "wrap" }}>
            <label className="row" style={{ gap: 4, fontWeight: 600 }}>
              <input type="checkbox" name="eventTypes" value={group.all} /> All {group.label.toLowerCase()} ({group.all})
            </label>
            {group.types.map((type) => (
              <label key={type} className="row" style={{ gap: 4 }}>
                <input type="checkbox" name="eventTypes" value={type} /> {type}
              </label>
            ))}
          </div>
        ))}
        {errors.eventTypes ? <span className="error" role="alert">{errors.eventTypes}</span> : null}
      </fieldset>
      <div className="row"><button className="btn primary" type="submit" disabled={pending}>{pending ? "Adding…" : "Add endpoint"}</button></div>
    </form>
  );
}
