"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Field } from "@/components/ui/field.tsx";
import { safeCallbackPath } from "@/lib/auth/safe-redirect.ts";

/** next-auth's error code (see SIGN_IN_ERRORS in lib/auth/options.ts) as a sentence. */
function signInErrorMessage(code: string | null | undefined): string {
  const throttled = code?.match(/^rate_limited:(\d+)$/);
  if (throttled) {
    const minutes = Math.max(1, Math.ceil(Number(throttled[1]) / 60));
    return `Too many attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (code === "unavailable") return "Sign-in is temporarily unavailable. Please try again in a moment.";
  if (code === "CredentialsSignin") return "Email or password is incorrect.";
  // Deliberately the same message whether or not the email exists.
  return code === "failed" ? "Sign-in failed. Please try again." : "Email or password is incorrect.";
}

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
      setError(signInErrorMessage(result?.error));
      return;
    }
    router.replace(safeCallbackPath(callbackUrl, window.location.origin));
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
