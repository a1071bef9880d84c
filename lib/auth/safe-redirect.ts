/**
 * Where to send someone after sign-in: a path on this site, never elsewhere. `/\evil.com`,
 * `/%09/evil.com` or `/\t/evil.com` look like paths but browsers read them as `//evil.com`, so
 * the value is resolved the way a browser would and kept only when it stays on `origin`.
 * No "server-only": the sign-in form checks again in the browser before it navigates.
 */
export function safeCallbackPath(value: string | null | undefined, origin: string): string {
  if (!value) return "/";
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  // "/.//evil.com" resolves to the path "//evil.com", which is off-site again as a relative URL.
  const path = url.pathname.replace(/^\/+/, "/");
  return `${path}${url.search}${url.hash}`;
}

/** next-auth's `redirect` callback: absolute URLs on this origin, or this origin's home. */
export function sameOriginRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const origin = new URL(baseUrl).origin;
  return `${origin}${safeCallbackPath(url, baseUrl)}`;
}

/** The request header proxy.ts fills with the path and query asked for (never taken from the client). */
export const RETURN_PATH_HEADER = "x-roster-return-path";

/**
 * The sign-in page's address that comes back to `path` afterwards: only a path on this site
 * (checked again by the sign-in page and the form), and not the sign-in page itself.
 */
export function signInHref(path: string | null | undefined): string {
  const back = safeCallbackPath(path, "http://roster.invalid");
  return back === "/" || back.startsWith("/sign-in") ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(back)}`;
}
