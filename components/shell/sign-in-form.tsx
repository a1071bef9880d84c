"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Field } from "@/components/ui/field.tsx";

export function SignInForm({ callbackUrl, sso, initialError }: { callbackUrl: string; sso: boolean; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setBusy(false);
      // Deliberately the same message whether or not the email exists.
      setError("Email or password is incorrect.");
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {error ? <div className="alert error" role="alert">{error}</div> : null}
      <Field id="email" label="Email">
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field id="password" label="Password">
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <button className="btn primary" type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      {sso ? (
        <button className="btn" type="button" onClick={() => signIn("oidc", { callbackUrl })}>Sign in with single sign-on</button>
      ) : null}
    </form>
  );
}
