/**
 * The browser-facing security headers of every response (finding 6). Kept free of Node and Next
 * imports so the proxy can use it and a unit test can read it.
 *
 * - Scripts: only Next's own, marked with this request's nonce ('strict-dynamic' lets them load
 *   the chunks they need). Nothing inline without the nonce runs, so injected markup stays inert.
 * - Styles: 'unsafe-inline', because React's `style={…}` props (recharts draws with them) are
 *   style attributes, which a nonce cannot cover. Style injection cannot run code.
 * - frame-ancestors 'none' (and X-Frame-Options for old browsers): no clickjacking frames.
 * - HSTS only when the request came over https (`x-forwarded-proto` from the TLS proxy): on plain
 *   http it would be ignored at best and, on a shared host name, wrong.
 */
export function contentSecurityPolicy(nonce: string, { dev = false, https = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(nonce: string, { dev = false, https = false } = {}): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(nonce, { dev, https }),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    ...(https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
